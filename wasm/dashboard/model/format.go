package model

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"time"
)

// FormatTime shows a record time (ms since the epoch) as a wall-clock time
// with milliseconds in loc (UTC if nil), or "" for no time.
func FormatTime(ms float64, loc *time.Location) string {
	if ms <= 0 || math.IsNaN(ms) || math.IsInf(ms, 0) {
		return ""
	}
	if loc == nil {
		loc = time.UTC
	}
	return time.UnixMicro(int64(ms * 1000)).In(loc).Format("15:04:05.000")
}

// FormatLatency shows a latency in ms with a precision that suits its
// size, or "" for none.
func FormatLatency(ms float64) string {
	switch {
	case ms <= 0 || math.IsNaN(ms) || math.IsInf(ms, 0):
		return ""
	case ms < 10:
		return strconv.FormatFloat(ms, 'f', 2, 64) + " ms"
	case ms < 1000:
		return strconv.FormatFloat(ms, 'f', 1, 64) + " ms"
	}
	return strconv.FormatFloat(ms/1000, 'f', 2, 64) + " s"
}

// Pretty indents a JSON text by two spaces per level, keeping its member
// order. Text that is not JSON (a tap cuts payloads over 4 KiB) is returned
// unchanged with ok false.
func Pretty(text string) (out string, ok bool) {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(text), "", "  "); err != nil {
		return text, false
	}
	return b.String(), true
}

// Export writes records as a JSON array, one object per line, for a file a
// person downloads and tools read back.
func Export(recs []*Record) ([]byte, error) {
	b := []byte("[\n")
	for i, r := range recs {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		one, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		b = append(b, one...)
	}
	return append(b, "\n]\n"...), nil
}
