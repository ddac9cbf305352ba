#include "http/body_files.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

namespace quire::http {
namespace {

// A sealed memory file with these bytes, or -1.
int MakeMemoryFile(const std::string& bytes) {
  int fd = ::memfd_create("quire-body", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return -1;
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return -1;
    }
    written += static_cast<size_t>(n);
  }
  // Nothing may change the bytes while the kernel sends them from the file's pages.
  ::fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL);
  return fd;
}

}  // namespace

BodyFile::~BodyFile() {
  ::close(fd_);
}

std::shared_ptr<const BodyFile> BodyFiles::For(const std::shared_ptr<const std::string>& body) {
  if (!body || body->size() < kMinBytes || body->size() > budget_) return nullptr;
  const std::string* key = body.get();
  util::MutexLock lock(mutex_);
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.body.expired()) {
    EraseLocked(it);  // a freed body whose address came back
    it = entries_.end();
  }
  if (it == entries_.end()) {
    if (entries_.size() >= kMaxEntries) ForgetFreedLocked();
    if (entries_.size() >= kMaxEntries) return nullptr;
    entries_.emplace(key, Entry{body, nullptr, with_files_.end()});
    return nullptr;  // first sighting: maybe a one-off
  }
  if (it->second.file) return it->second.file;
  return MakeFileLocked(key, it->second);
}

std::shared_ptr<const BodyFile> BodyFiles::MakeFileLocked(const std::string* key, Entry& entry) {
  ForgetFreedLocked();  // files of pages that left the cache
  const size_t size = key->size();
  while (bytes_ + size > budget_ && !with_files_.empty()) {
    EraseLocked(entries_.find(with_files_.front()));
  }
  int fd = MakeMemoryFile(*key);
  if (fd < 0) return nullptr;
  entry.file = std::make_shared<const BodyFile>(fd, size);
  entry.age = with_files_.insert(with_files_.end(), key);
  bytes_ += size;
  return entry.file;
}

void BodyFiles::EraseLocked(std::unordered_map<const std::string*, Entry>::iterator it) {
  if (it->second.file) {
    bytes_ -= it->second.file->size();
    with_files_.erase(it->second.age);
  }
  entries_.erase(it);  // a send still holding the file keeps it open until it is over
}

void BodyFiles::ForgetFreedLocked() {
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (it->second.body.expired()) EraseLocked(it);
    it = next;
  }
}

size_t BodyFiles::Bytes() const {
  util::MutexLock lock(mutex_);
  return bytes_;
}

size_t BodyFiles::Files() const {
  util::MutexLock lock(mutex_);
  return with_files_.size();
}

}  // namespace quire::http
