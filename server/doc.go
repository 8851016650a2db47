// Package server is every HTTP handler of minhbach: the built site's
// files (with its 404 page, compression and security headers), the
// search API (/api/search, /api/suggest, /api/health), the search pages
// rendered without JavaScript (/tim-kiem/, /embed/) and the embeddable
// web component (/embed.js). It is the only package besides main that
// speaks HTTP: the generator writes files and the search package answers
// Requests, and this package turns both into answers on the wire.
//
// The live preview for staff (watching, rebuilding, live reload and the
// problem overlay) is in the subpackage dev.
package server
