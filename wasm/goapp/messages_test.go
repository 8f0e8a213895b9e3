package main

import (
	"encoding/json"
	"testing"
)

func TestGreetingMatchesTheFramedPage(t *testing.T) {
	t.Parallel()
	// frame.js: `Hello, ${name}, from ${self.origin}`
	if got, want := greeting("Ada", "http://other.localhost:8081"), "Hello, Ada, from http://other.localhost:8081"; got != want {
		t.Errorf("greeting(%q, %q): got %q; want %q", "Ada", "http://other.localhost:8081", got, want)
	}
}

func TestAdd(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		total, n, want int
		ok             bool
	}{
		{0, 2, 2, true}, {2, -5, -3, true}, {1, maxAdd, 1 + maxAdd, true},
		{1, maxAdd + 1, 1, false}, {1, -maxAdd - 1, 1, false},
	} {
		if got, ok := add(c.total, c.n); got != c.want || ok != c.ok {
			t.Errorf("add(%d, %d): got %d, %v; want %d, %v", c.total, c.n, got, ok, c.want, c.ok)
		}
	}
}

// The wire names are the ones the main page's script uses.
func TestWireNames(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		v    any
		want string
	}{
		{Greet{"Ada"}, `{"name":"Ada"}`},
		{Greeting{"hi"}, `{"greeting":"hi"}`},
		{Add{2}, `{"n":2}`},
		{Total{3}, `{"total":3}`},
		{Describe{"go-app"}, `{"from":"go-app"}`},
		{Description{"t"}, `{"title":"t"}`},
		{Snapshot{"s", "1", "Ada", "2", "t"}, `{"status":"s","greetings":"1","lastGreeting":"Ada","total":"2","parentSays":"t"}`},
	} {
		b, err := json.Marshal(c.v)
		if string(b) != c.want || err != nil {
			t.Errorf("json.Marshal(%#v): got %s, %v; want %s", c.v, b, err, c.want)
		}
	}
	var a Add
	if err := json.Unmarshal([]byte(`{"n":"two"}`), &a); err == nil {
		t.Error(`Add from {"n":"two"}: decoded; want an error (bridge.Handle answers SCHEMA)`)
	}
}
