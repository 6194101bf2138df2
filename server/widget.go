package server

import "github.com/gorilla/mux"

// widgetRoutes serves the embeddable widget (/widget.js) and its iframe page (/embed).
func (srv *Server) widgetRoutes(r *mux.Router) {}
