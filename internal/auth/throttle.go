package auth

import "time"

// Sign-in throttling: after a few wrong passwords for one login name, the
// next attempt must wait a little; after MaxFailures the login is locked for
// LockDuration.
const (
	MaxFailures  = 5
	LockDuration = 15 * time.Minute
	// FailureWindow: failures older than this are forgotten.
	FailureWindow = time.Hour
)

// LockAfter returns how long a login is refused after its n-th consecutive
// failure: nothing for the first two, then 5 s, 30 s and, at MaxFailures,
// LockDuration.
func LockAfter(n int) time.Duration {
	switch {
	case n >= MaxFailures:
		return LockDuration
	case n == 4:
		return 30 * time.Second
	case n == 3:
		return 5 * time.Second
	}
	return 0
}
