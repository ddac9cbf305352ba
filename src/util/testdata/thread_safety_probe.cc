// Compiled by the test `util.ThreadSafetyAnalysis` (clang builds): as it is, it must compile;
// with -DQUIRE_PROBE_UNLOCKED it reads a guarded field without its lock and must be refused.
// This keeps -Wthread-safety honest: if the annotations in util/mutex.h stopped meaning
// anything, the second compile would pass and the test fail.
#include "util/mutex.h"

namespace {

class Counter {
 public:
  void Add() {
    quire::util::MutexLock lock(mutex_);
    ++count_;
  }
  int Peek() {
#ifdef QUIRE_PROBE_UNLOCKED
    return count_;
#else
    quire::util::MutexLock lock(mutex_);
    return count_;
#endif
  }

 private:
  quire::util::Mutex mutex_;
  int count_ QUIRE_GUARDED_BY(mutex_) = 0;
};

}  // namespace

int main() {
  Counter counter;
  counter.Add();
  return counter.Peek() == 1 ? 0 : 1;
}
