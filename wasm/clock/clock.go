// Package clock is the little of package time that the bridge needs: a
// duration type and a monotonic and a wall clock. Package time cannot be
// in the module: linking it costs about 58 KB of brotli (its
// initialisation pulls in syscall and syscall/js), a tenth of the module.
// A Duration converts to and from time.Duration without loss: both count
// nanoseconds in an int64.
package clock

import "strconv"

// Duration is a length of time in nanoseconds, as time.Duration.
type Duration int64

// Common durations.
const (
	Nanosecond  Duration = 1
	Microsecond          = 1000 * Nanosecond
	Millisecond          = 1000 * Microsecond
	Second               = 1000 * Millisecond
	Minute               = 60 * Second
	Hour                 = 60 * Minute
)

// String writes d for a person: "5s", "300ms", "1.5s", "2m30s", "42µs".
// Whole units are written without decimals; this is the format of
// time.Duration.String for the values the bridge prints.
func (d Duration) String() string {
	if d < 0 {
		return "-" + (-d).String()
	}
	switch {
	case d == 0:
		return "0s"
	case d < Microsecond:
		return strconv.FormatInt(int64(d), 10) + "ns"
	case d < Millisecond:
		return decimal(int64(d), int64(Microsecond)) + "µs"
	case d < Second:
		return decimal(int64(d), int64(Millisecond)) + "ms"
	case d < Minute:
		return decimal(int64(d), int64(Second)) + "s"
	}
	out := ""
	if h := d / Hour; h > 0 {
		out = strconv.FormatInt(int64(h), 10) + "h"
		d -= h * Hour
	}
	m := d / Minute
	d -= m * Minute
	return out + strconv.FormatInt(int64(m), 10) + "m" + decimal(int64(d), int64(Second)) + "s"
}

// Milliseconds returns d as a number of milliseconds, with a fraction.
func (d Duration) Milliseconds() float64 { return float64(d) / float64(Millisecond) }

// decimal writes n/unit with the fraction's trailing zeros dropped.
func decimal(n, unit int64) string {
	s := strconv.FormatInt(n/unit, 10)
	frac := n % unit
	if frac == 0 {
		return s
	}
	digits := strconv.FormatInt(frac+unit, 10)[1:] // zero-padded to the unit's width
	for digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	return s + "." + digits
}
