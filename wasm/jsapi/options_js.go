//go:build js && wasm

package jsapi

import (
	"strconv"
	"syscall/js"
	"time"

	"github.com/postbridge/postbridge/wasm/core"
)

// applyOptions reads the optional settings of connect() into cfg. Every
// field is checked; a wrong type is BAD_CONFIG naming the field.
func applyOptions(cfg *core.Config, opts js.Value) error {
	num := func(name string, max float64, set func(float64)) error {
		v := opts.Get(name)
		switch {
		case v.IsUndefined():
			return nil
		case v.Type() != js.TypeNumber || v.Float() <= 0 || v.Float() > max || v.Float() != float64(int64(v.Float())):
			return &core.Error{Code: core.CodeBadConfig, Message: name + " must be a whole number in [1, " + strconv.FormatInt(int64(max), 10) + "]"}
		}
		set(v.Float())
		return nil
	}
	ms := func(f float64) time.Duration { return time.Duration(f) * time.Millisecond }
	checks := []error{
		num("handlerTimeout", 3600e3, func(f float64) { cfg.HandlerTimeout = ms(f) }),
		num("maxPayload", 16<<20, func(f float64) { cfg.Limits.MaxPayload = int(f) }),
		num("maxDepth", 512, func(f float64) { cfg.Limits.MaxDepth = int(f) }),
		num("maxPending", 1<<20, func(f float64) { cfg.MaxPending = int(f) }),
		num("maxQueue", 1<<20, func(f float64) { cfg.MaxQueue = int(f) }),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	if s := opts.Get("schemas"); !s.IsUndefined() {
		if s.Type() != js.TypeString {
			return &core.Error{Code: core.CodeBadConfig, Message: "schemas must be an object of JSON Schemas"}
		}
		set, err := compileSchemas([]byte(s.String()))
		if err != nil {
			return err
		}
		cfg.Schemas = set
	}
	return nil
}
