// Package version holds Postbridge's one version number: the module
// reports it (JavaScript's pb.version(), Go's bridge.Version), and
// make package reads it from this file (build/version.sh) for the npm
// package. Change it here and nowhere else.
//
// It is a constant in Go source, not an embedded file: package embed
// would link io/fs and package time into the module (about 50 KB brotli).
package version

// Number is the version, such as "0.1.0" (semantic versioning).
const Number = "0.1.0"
