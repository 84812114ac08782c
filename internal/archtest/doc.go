// Package archtest holds the test that keeps tdkt's layout honest (see the
// README's code map): SQL only in internal/store, and domain packages free
// of HTTP, database, templates, sessions and the store.
package archtest
