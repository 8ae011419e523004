// Status-list indices ready for new credentials. The pool takes blocks of
// random indices from the store, where each reservation is durable before
// any index of it is used: after a crash the unused rest of a block is
// wasted (the slots stay reserved), never handed out again.
//
// Thread safety: thread-safe.
#ifndef ANYCRED_ISSUER_SERVICE_STATUS_INDEX_POOL_H_
#define ANYCRED_ISSUER_SERVICE_STATUS_INDEX_POOL_H_

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
  std::mutex mu_;
  std::map<std::string, std::deque<store::StatusSlot>> free_;  // org\0purpose
};

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_SERVICE_STATUS_INDEX_POOL_H_
