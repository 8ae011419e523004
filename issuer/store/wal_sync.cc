#include "issuer/store/wal_sync.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "issuer/store/store.h"

namespace anycred::issuer::store {

namespace {

// fdatasync of `path`. ENOENT is returned as is (no Status) so that the
// caller can fall back to the database file.
int SyncFile(const std::string& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return errno;
  int rc;
  do {
    rc = ::fdatasync(fd);
  } while (rc != 0 && errno == EINTR);
  const int err = rc == 0 ? 0 : errno;
  ::close(fd);
  return err;
}

}  // namespace

WalSync::WalSync(std::string db_path)
    : db_path_(std::move(db_path)), wal_path_(db_path_ + "-wal") {}

Status WalSync::Sync(std::uint64_t ticket) {
  std::lock_guard<std::mutex> lock(mu_);
  if (ticket <= synced_) return Status::Ok();  // a sync that ran covered it
  // Every commit counted here has written its frames already: the sync
  // below covers them all, not only `ticket`.
  const std::uint64_t upto = committed_.load(std::memory_order_acquire);
  int err = SyncFile(wal_path_);
  if (err == ENOENT) err = SyncFile(db_path_);
  syncs_.fetch_add(1, std::memory_order_relaxed);
  if (err != 0)
    return Status::Error(kStoreError,
                         "cannot write the store to disk (" + wal_path_ +
                             "): " + std::generic_category().message(err));
  synced_ = upto;
  return Status::Ok();
}

}  // namespace anycred::issuer::store
