// File descriptors: the process's limit and the share of it the server's connections may use.
// Every connection holds a descriptor; the rest of the process (the database and its WAL,
// uploads, imports, logs, outgoing mail, the listeners) needs some too, so connections are
// capped below the limit and a reserve is always left over.
#pragma once

#include <cstddef>

namespace quire::http {

// Connections never take the last descriptors: at least this many stay free ...
inline constexpr size_t kMinReservedDescriptors = 128;
// ... or this fraction of the limit (1/8), whichever is more (but at most half of a tiny limit).
inline constexpr size_t kReservedDescriptorsDivisor = 8;
// The default cap never goes above this many connections (memory: ~10 KiB per idle connection).
inline constexpr size_t kMaxDefaultConnections = 50'000;

// Raises RLIMIT_NOFILE's soft limit to its hard limit (call once at start); returns the soft
// limit in force afterwards.
size_t RaiseOpenFileLimit();

// The soft RLIMIT_NOFILE now.
size_t OpenFileLimit();

// The default connection cap for a descriptor limit: the limit less the reserve.
size_t DefaultMaxConnections(size_t descriptor_limit);

}  // namespace quire::http
