package main

// The channel and the messages of the go-app page, shared with the main
// page (web/pages/main/goapp.js) and, for greet, the plain framed page
// (web/pages/other/frame.js).

// channel is the channel both pages open.
const channel = "demo"

// envParentOrigin names the allowed parent origin in go-app's environment;
// server/goapp sets it from the site's configuration.
const envParentOrigin = "POSTBRIDGE_PARENT_ORIGIN"

// byePath is the app's second route, where the bridged component is no
// longer mounted.
const byePath = "/bye"

// Greet is the request of type "greet".
type Greet struct {
	Name string `json:"name"`
}

// Greeting answers Greet.
type Greeting struct {
	Greeting string `json:"greeting"`
}

// Add is the request of type "add": add N to the page's total.
type Add struct {
	N int `json:"n"`
}

// Total answers Add.
type Total struct {
	Total int `json:"total"`
}

// maxAdd bounds one addition, so that the total stays an exact number in
// JavaScript.
const maxAdd = 1_000_000

// Snapshot answers "snapshot": what the page shows, read from its DOM.
type Snapshot struct {
	Status       string `json:"status"`
	Greetings    string `json:"greetings"`
	LastGreeting string `json:"lastGreeting"`
	Total        string `json:"total"`
	ParentSays   string `json:"parentSays"`
}

// Describe is the page's request of type "describe" to its parent.
type Describe struct {
	From string `json:"from"`
}

// Description answers Describe.
type Description struct {
	Title string `json:"title"`
}

// greeting is the answer to greet, word for word the plain framed page's.
func greeting(name, self string) string {
	return "Hello, " + name + ", from " + self
}

// add returns total+n, or false when n is out of bounds.
func add(total, n int) (int, bool) {
	if n > maxAdd || n < -maxAdd {
		return total, false
	}
	return total + n, true
}
