// Package ingest turns files of news articles into indexed articles: readers
// for each input format produce records, which are cleaned, run through
// entity extraction in parallel workers and written by one batched writer.
// Every rejected record is reported with its file and line; re-running the
// same input changes nothing.
package ingest
