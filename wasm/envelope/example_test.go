package envelope_test

import (
	"errors"
	"fmt"

	"github.com/postbridge/postbridge/wasm/envelope"
)

func ExampleDecode() {
	msg := `{"postbridge":1,"channel":"chat","session":"alice-session-0001","to":"bob-session-000002",` +
		`"seq":3,"kind":"request","type":"sum","id":7,"payload":[1,2]}`
	e, err := envelope.Decode([]byte(msg), envelope.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Kind, e.Type, e.ID, e.Seq, string(e.Payload))
	// Output: request sum 7 3 [1,2]
}

// Errors say which member is wrong, and match sentinels with errors.Is.
func ExampleDecode_errors() {
	for _, msg := range []string{
		`{"type":"resize","height":300}`,
		`{"postbridge":2,"kind":"hello"}`,
		`{"postbridge":1,"channel":"chat","session":"alice-session-0001","seq":1,"kind":"hello","KIND":"close"}`,
		`{"postbridge":1,"channel":"chat","session":"alice-session-0001","seq":1,"kind":"event","type":"t"}`,
		`{"postbridge":1,"channel":"chat","session":"alice-session-0001","seq":1.0,"kind":"hello"}`,
	} {
		_, err := envelope.Decode([]byte(msg), envelope.Limits{})
		var fe *envelope.FieldError
		var ve *envelope.VersionError
		switch {
		case errors.Is(err, envelope.ErrNotEnvelope):
			fmt.Println("not ours, ignored")
		case errors.As(err, &ve):
			fmt.Println("peer speaks version", ve.Got)
		case errors.As(err, &fe):
			fmt.Println(fe.Field, "|", err)
		}
	}
	// Output:
	// not ours, ignored
	// peer speaks version 2
	// KIND | envelope: member "KIND": unknown member; names are case-sensitive, the protocol's is "kind"
	// to | envelope: member "to": required on kind "event"
	// seq | envelope: member "seq": must be written as plain digits, without fraction or exponent
}

func ExampleEncode() {
	e := envelope.Envelope{
		Channel: "chat",
		Session: "bob-session-000002",
		To:      "alice-session-0001",
		Seq:     4,
		Kind:    envelope.KindError,
		ID:      7,
		Error:   &envelope.Fault{Code: "BAD_ARGS", Message: "want \"numbers\""},
	}
	b, err := envelope.Encode(e, envelope.Limits{})
	fmt.Println(string(b), err)
	// Output: {"postbridge":1,"channel":"chat","session":"bob-session-000002","to":"alice-session-0001","seq":4,"kind":"error","id":7,"error":{"code":"BAD_ARGS","message":"want \"numbers\""}} <nil>
}

// Incorrect: a payload is written as given, so it must be one JSON value.
// Validate (run by Encode) refuses text that would add members of its own.
func ExampleEnvelope_Validate() {
	e := envelope.Envelope{
		Channel: "chat", Session: "alice-session-0001", To: "bob-session-000002",
		Seq: 1, Kind: envelope.KindEvent, Type: "note",
		Payload: []byte(`1,"kind":"close"`),
	}
	err := e.Validate(envelope.Limits{})
	fmt.Println(errors.Is(err, envelope.ErrSyntax))
	fmt.Println(err)
	// Output:
	// true
	// envelope: member "payload": unexpected character ',' after top-level value at offset 1
}

// The handshake: hello opens it, welcome answers with "to" set to the
// hello's session; then both sides address each other by session.
func Example_handshake() {
	hello := envelope.Envelope{Channel: "chat", Session: "alice-session-0001", Seq: 1,
		Kind: envelope.KindHello, Payload: []byte(`{"versions":[1],"caps":["rpc"]}`)}
	welcome := envelope.Envelope{Channel: "chat", Session: "bob-session-000002", To: hello.Session, Seq: 1,
		Kind: envelope.KindWelcome, Payload: []byte(`{"version":1,"caps":["rpc"]}`)}
	for _, e := range []envelope.Envelope{hello, welcome} {
		b, err := envelope.Encode(e, envelope.Limits{})
		fmt.Println(string(b), err)
	}
	// Output:
	// {"postbridge":1,"channel":"chat","session":"alice-session-0001","seq":1,"kind":"hello","payload":{"versions":[1],"caps":["rpc"]}} <nil>
	// {"postbridge":1,"channel":"chat","session":"bob-session-000002","to":"alice-session-0001","seq":1,"kind":"welcome","payload":{"version":1,"caps":["rpc"]}} <nil>
}

// Scan reads a message in place: the view's slices point into buf, so a
// receiver that reuses one buffer and one View allocates nothing per message.
// Decode checks the same rules and returns copies.
func ExampleScan() {
	buf := []byte(`{"postbridge":1,"channel":"chat","session":"bob-session-000002","to":"alice-session-0001",` +
		`"seq":3,"kind":"error","type":"sum","id":7,"error":{"code":"BAD_ARGS","message":"want \"numbers\""}}`)
	var v envelope.View
	if err := envelope.Scan(buf, envelope.Limits{}, &v); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Kind, string(v.Type), v.ID, v.Payload == nil)
	fmt.Println(string(v.Error.Code), string(v.Error.Quoted), v.Error.Message())
	// Keep an Envelope, not the View, beyond the buffer's next use.
	e := v.Envelope()
	fmt.Println(e.Error.Message)
	// Output:
	// error sum 7 true
	// BAD_ARGS "want \"numbers\"" want "numbers"
	// want "numbers"
}
