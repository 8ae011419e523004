// Per-token request rate limit: a token bucket per key (the token id) that
// holds up to `burst` requests and refills at `rate` per second.
//
// Thread safety: thread-safe.
#ifndef ANYCRED_ISSUER_HTTP_RATE_LIMITER_H_
#define ANYCRED_ISSUER_HTTP_RATE_LIMITER_H_

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace anycred::issuer {

class RateLimiter {
 public:
  // rate <= 0: no limit.
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}

  // True if the request may proceed; otherwise `retry_after` is the number
  // of whole seconds until a request will be allowed.
  bool Allow(const std::string& key, int* retry_after) {
    if (rate_ <= 0) return true;
    auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(mu_);
    Bucket& b = buckets_[key];
    if (!b.init) {
      b = Bucket{burst_, now, true};
    } else {
      double dt = std::chrono::duration<double>(now - b.last).count();
      b.tokens = std::min(burst_, b.tokens + dt * rate_);
      b.last = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    *retry_after = static_cast<int>((1 - b.tokens) / rate_) + 1;
    return false;
  }

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point last;
    bool init = false;
  };
  double rate_, burst_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace anycred::issuer

#endif  // ANYCRED_ISSUER_HTTP_RATE_LIMITER_H_
