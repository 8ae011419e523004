// Ordered parallel map over a stream, for batch signing and verifying
// (JSON Lines): items are processed on several threads in bounded chunks
// and their results emitted in input order, so memory stays flat however
// long the input is.
//
// Thread safety: `work` is called concurrently from several threads and
// must be thread-safe; `read` and `emit` are called from the calling
// thread only, but while `work` runs on other items, so `work` must not
// touch their state without synchronization.
#ifndef ANYCRED_CORE_UTIL_PARALLEL_H_
#define ANYCRED_CORE_UTIL_PARALLEL_H_

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace anycred {

// Number of worker threads to use by default: the machine's cores.
inline unsigned DefaultThreads() {
  return std::max(1u, std::thread::hardware_concurrency());
}

// Reads up to `chunk` items, has `threads` workers (started once, kept for
// the whole stream) compute them, and emits them in input order. Reading
// the next chunk and emitting the previous one overlap with the workers'
// computing, so the workers never wait on I/O; at most two chunks are held.
template <typename In, typename Out>
void OrderedParallelMap(const std::function<bool(In*)>& read,
                        const std::function<Out(const In&)>& work,
                        const std::function<void(const In&, Out&&)>& emit,
                        unsigned threads, std::size_t chunk = 256) {
  threads = std::max(1u, threads);
  chunk = std::max<std::size_t>(1, chunk);
  struct Batch {
    std::vector<In> in;
    std::vector<std::optional<Out>> out;
  };
  bool more = true;
  auto fill = [&](Batch& b) {
    b.in.clear();
    b.out.clear();
    In item;
    while (more && b.in.size() < chunk && (more = read(&item)))
      b.in.push_back(std::move(item));
    b.out.resize(b.in.size());
  };
  auto drain = [&](Batch& b) {
    for (std::size_t i = 0; i < b.in.size(); ++i)
      emit(b.in[i], std::move(*b.out[i]));
  };
  if (threads == 1) {
    Batch b;
    for (fill(b); !b.in.empty(); fill(b)) {
      for (std::size_t i = 0; i < b.in.size(); ++i)
        b.out[i].emplace(work(b.in[i]));
      drain(b);
    }
    return;
  }

  std::mutex mu;
  std::condition_variable wake;  // a new batch, or stop
  std::condition_variable done;  // the last worker finished the batch
  Batch* job = nullptr;
  std::uint64_t generation = 0;
  unsigned busy = 0;
  bool stop = false;
  std::vector<std::thread> pool;
  // Worker t computes items t, t + threads, ... of each batch.
  auto worker = [&](unsigned t) {
    std::uint64_t seen = 0;
    for (;;) {
      Batch* b;
      {
        std::unique_lock<std::mutex> lock(mu);
        wake.wait(lock, [&] { return stop || generation != seen; });
        if (stop) return;
        seen = generation;
        b = job;
      }
      for (std::size_t i = t; i < b->in.size(); i += threads)
        b->out[i].emplace(work(b->in[i]));
      std::lock_guard<std::mutex> lock(mu);
      if (--busy == 0) done.notify_one();
    }
  };
  struct Joiner {  // stops and joins the workers however the loop exits
    std::function<void()> f;
    ~Joiner() { f(); }
  } joiner{[&] {
    {
      std::lock_guard<std::mutex> lock(mu);
      stop = true;
    }
    wake.notify_all();
    for (auto& th : pool) th.join();
  }};
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker, t);
  auto start = [&](Batch& b) {
    {
      std::lock_guard<std::mutex> lock(mu);
      job = &b;
      busy = threads;
      ++generation;
    }
    wake.notify_all();
  };
  auto wait = [&] {
    std::unique_lock<std::mutex> lock(mu);
    done.wait(lock, [&] { return busy == 0; });
  };

  Batch batches[2];
  Batch* current = &batches[0];
  Batch* next = &batches[1];
  fill(*current);
  if (current->in.empty()) return;
  start(*current);
  for (;;) {
    fill(*next);  // while the workers compute `current`
    wait();
    if (!next->in.empty()) start(*next);
    drain(*current);  // while the workers compute `next`
    if (next->in.empty()) break;
    std::swap(current, next);
  }
}

}  // namespace anycred

#endif  // ANYCRED_CORE_UTIL_PARALLEL_H_
