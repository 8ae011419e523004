// Status-list indices ready for new credentials. The pool takes blocks of
// random indices from the store, where each reservation is durable before
// any index of it is used: after a crash the unused rest of a block is
// wasted (the slots stay reserved), never handed out again.
//
// The next block is reserved while half of the current one is still left,
// by the request that reaches that mark and without holding the pool's
// lock, so other requests keep taking indices meanwhile: a reservation is a
// durable transaction that waits for the store's writer, and requests
// stalled behind it left the CPU idle. Only a pool that runs dry waits for
// the reservation in flight.
//
// Thread safety: thread-safe.
#ifndef ANYCRED_ISSUER_SERVICE_STATUS_INDEX_POOL_H_
#define ANYCRED_ISSUER_SERVICE_STATUS_INDEX_POOL_H_

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "issuer/store/store.h"

namespace anycred::issuer {

class StatusIndexPool {
 public:
  StatusIndexPool(store::Store* store, std::size_t block,
                  std::uint64_t list_size)
      : store_(store), block_(block == 0 ? 1 : block), list_size_(list_size) {}

  // One reserved, unused slot of `purpose` for `org_id`.
  Result<store::StatusSlot> Take(const std::string& org_id,
                                 const std::string& purpose);

 private:
  store::Store* store_;
  std::size_t block_;
  std::uint64_t list_size_;
  struct Free {
    std::deque<store::StatusSlot> slots;
    bool reserving = false;  // a thread is reserving the next block
  };
  std::mutex mu_;
  std::condition_variable reserved_;  // a reservation finished
  std::map<std::string, Free> free_;  // by org\0purpose
};

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_STATUS_INDEX_POOL_H_
