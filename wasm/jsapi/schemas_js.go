//go:build js && wasm

package jsapi

import "github.com/postbridge/postbridge/wasm/core"

// compileSchemas turns the JSON object {type: schema, …} into a
// core.Schemas.
func compileSchemas(data []byte) (core.Schemas, error) {
	return nil, &core.Error{Code: core.CodeBadConfig, Message: "schemas are not supported by this build yet"}
}
