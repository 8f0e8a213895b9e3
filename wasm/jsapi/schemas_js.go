//go:build js && wasm

package jsapi

import (
	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/schema"
)

// compileSchemas turns the JSON object {type: schema, …} into a
// core.Schemas; a schema it cannot compile is BAD_CONFIG naming why.
func compileSchemas(data []byte) (core.Schemas, error) {
	set, err := schema.Compile(data)
	if err != nil {
		return nil, &core.Error{Code: core.CodeBadConfig, Message: "schemas: " + err.Error()}
	}
	return set, nil
}
