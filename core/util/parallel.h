// Ordered parallel map over a stream, for batch signing and verifying
// (JSON Lines): items are processed on several threads in bounded chunks
// and their results emitted in input order, so memory stays flat however
// long the input is.
//
// Thread safety: `work` is called concurrently from several threads and
// must be thread-safe; `read` and `emit` are called from the calling
// thread only.
#ifndef ANYCRED_CORE_UTIL_PARALLEL_H_
#define ANYCRED_CORE_UTIL_PARALLEL_H_

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace anycred {

// Number of worker threads to use by default: the machine's cores.
inline unsigned DefaultThreads() {
  return std::max(1u, std::thread::hardware_concurrency());
}

template <typename In, typename Out>
void OrderedParallelMap(const std::function<bool(In*)>& read,
                        const std::function<Out(const In&)>& work,
                        const std::function<void(const In&, Out&&)>& emit,
                        unsigned threads, std::size_t chunk = 256) {
  threads = std::max(1u, threads);
  std::vector<In> inputs;
  std::vector<std::optional<Out>> outputs;
  bool more = true;
  while (more) {
    inputs.clear();
    In item;
    while (inputs.size() < chunk && (more = read(&item)))
      inputs.push_back(std::move(item));
    if (inputs.empty()) break;
    outputs.clear();
    outputs.resize(inputs.size());
    if (threads == 1 || inputs.size() == 1) {
      for (std::size_t i = 0; i < inputs.size(); ++i)
        outputs[i].emplace(work(inputs[i]));
    } else {
      std::vector<std::thread> pool;
      unsigned n =
          std::min<unsigned>(threads, static_cast<unsigned>(inputs.size()));
      for (unsigned t = 0; t < n; ++t) {
        pool.emplace_back([&, t] {
          for (std::size_t i = t; i < inputs.size(); i += n)
            outputs[i].emplace(work(inputs[i]));
        });
      }
      for (auto& th : pool) th.join();
    }
    for (std::size_t i = 0; i < inputs.size(); ++i)
      emit(inputs[i], std::move(*outputs[i]));
  }
}

}  // namespace anycred

#endif  // ANYCRED_CORE_UTIL_PARALLEL_H_
