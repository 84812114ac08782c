package auth

import "time"

// Sign-in throttling. Every attempt is counted before its password is
// checked, twice: for the login name from one client address, and for the
// login name from anywhere. After a few attempts from one address the next
// ones must wait, longer and longer (up to LockDuration); from anywhere,
// attempts are only slowed down, so that nobody can shut an account's owner
// out by guessing from elsewhere. A successful sign-in forgets its
// address's attempts.
const (
	// MaxFailures attempts from one address lock it out for LockDuration.
	MaxFailures  = 5
	LockDuration = 15 * time.Minute
	// FailureWindow: attempts older than this are forgotten.
	FailureWindow = time.Hour
	// FreeAttempts from anywhere before every attempt at a login is
	// spaced by LoginSpacing.
	FreeAttempts = 10
	LoginSpacing = 2 * time.Second
)

// LockAfter returns how long a login name is refused from one address after
// its n-th attempt there: nothing after the first two, then 5 s, 30 s and,
// from MaxFailures on, LockDuration.
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

// SpaceAfter returns how long a login name is refused from every address
// after its n-th attempt from anywhere.
func SpaceAfter(n int) time.Duration {
	if n >= FreeAttempts {
		return LoginSpacing
	}
	return 0
}

// Schedule lists the delays after attempts 1, 2, … up to the last one, which
// holds for every later attempt: what the database applies.
func Schedule(after func(int) time.Duration, upTo int) []time.Duration {
	out := make([]time.Duration, upTo)
	for i := range out {
		out[i] = after(i + 1)
	}
	return out
}
