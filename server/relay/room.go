package relay

// AllRooms is the subscription that receives every room. It is valid for
// "sub" and "unsub" only, never as a room to publish into.
const AllRooms = "*"

// maxNameLen bounds room names and request ids.
const maxNameLen = 64

// ValidRoom reports whether name follows the room rule
// [A-Za-z0-9][A-Za-z0-9._:-]{0,63}: ASCII only, 1 to 64 bytes, starting with
// a letter or digit. The rule keeps names safe to echo into JSON, logs and
// HTML without escaping, and rules out look-alike Unicode names.
func ValidRoom(name string) bool {
	if len(name) == 0 || len(name) > maxNameLen || !isAlnum(name[0]) {
		return false
	}
	for i := 1; i < len(name); i++ {
		c := name[i]
		if !isAlnum(c) && c != '.' && c != '_' && c != ':' && c != '-' {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
