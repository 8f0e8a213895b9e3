package site

import (
	"net/http"
	"time"

	"github.com/postbridge/postbridge/server/cors"
	"github.com/postbridge/postbridge/server/jsonp"
)

// Profile is the demo data the other origin serves at /api/profile: what
// a page of the main origin may read (through CORS, or JSONP for legacy
// pages) and a page of the evil origin may not.
type Profile struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Note  string `json:"note"`
}

var demoProfile = Profile{
	Name:  "Ada Lovelace",
	Email: "ada@other.example",
	Note:  "served by the other origin; readable only from the main origin\u2028(this line separator is escaped in JSONP)",
}

// profileAPI is GET /api/profile on the other origin: JSON behind strict
// CORS that grants only the main origin, with credentials; with
// ?callback=NAME it is JSONP for legacy pages.
func profileAPI(c Config) (http.Handler, error) {
	mw, err := cors.New(cors.Config{
		Origins:     []string{c.Main.String()},
		Methods:     []string{http.MethodGet},
		Credentials: true,
		MaxAge:      10 * time.Minute,
	})
	if err != nil {
		return nil, err
	}
	return mw.Wrap(jsonp.Handler(func(*http.Request) (any, error) { return demoProfile, nil })), nil
}
