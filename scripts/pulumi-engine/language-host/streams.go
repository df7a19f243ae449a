package main

import (
	"bytes"
	"io"
	"sync"
)

// lockedSender sends the messages of one server stream (RunPlugin, InstallDependencies). gRPC
// forbids concurrent sends on a stream, and exec copies a child's stdout and stderr in two
// goroutines, so every send takes one lock.
type lockedSender[T any] struct {
	mu   sync.Mutex
	send func(T) error
}

func (s *lockedSender[T]) Send(message T) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.send(message)
}

// writer turns each write into one message; the bytes are copied, since gRPC may encode a message
// after Send returns and the caller reuses its buffer.
func (s *lockedSender[T]) writer(wrap func([]byte) T) io.Writer {
	return writerFunc(func(p []byte) (int, error) {
		if err := s.Send(wrap(bytes.Clone(p))); err != nil {
			return 0, err
		}
		return len(p), nil
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
