// Small I/O helpers for the command-line programs: whole files or standard
// input ("-"), and JSON Lines read one line at a time.
//
// Thread safety: functions are thread-safe; LineReader is not.
#ifndef ANYCRED_CORE_UTIL_IO_H_
#define ANYCRED_CORE_UTIL_IO_H_

#include <cstdio>
#include <memory>
#include <string>

#include "core/util/status.h"

namespace anycred {

// Reads all of `path`, or standard input when path is "-". Fails with
// IO_ERROR naming the file, or MALFORMED_INPUT when larger than max_bytes.
Result<std::string> ReadFileOrStdin(const std::string& path,
                                    std::size_t max_bytes = std::size_t{64}
                                                            << 20);

// Writes `content` to `path` ("-" = standard output).
Status WriteFileOrStdout(const std::string& path, const std::string& content);

// Splits a command-line "URL=FILE" value (for --context and --document);
// the error names `flag`.
struct UrlFile {
  std::string url;
  std::string file;
};
Result<UrlFile> ParseUrlFile(const std::string& spec, const std::string& flag);

// Reads lines from a file or standard input, without the line ending (LF
// or CRLF). A line longer than max_line_bytes is returned truncated with
// `too_long` set, and reading continues with the next line.
class LineReader {
 public:
  static Result<std::unique_ptr<LineReader>> Open(
      const std::string& path,
      std::size_t max_line_bytes = std::size_t{16} << 20);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;
  // False at end of input.
  bool Next(std::string* line, bool* too_long);
  std::size_t line_number() const { return line_number_; }

 private:
  static constexpr std::size_t kBufferSize = std::size_t{64} << 10;
  LineReader(std::FILE* f, bool owned, std::size_t max)
      : file_(f),
        owned_(owned),
        max_(max),
        buffer_(std::make_unique<char[]>(kBufferSize)) {}
  std::FILE* file_;
  bool owned_;
  std::size_t max_;
  std::size_t line_number_ = 0;
  // Bytes read from file_ but not yet returned: buffer_[pos_, end_).
  std::unique_ptr<char[]> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
};

}  // namespace anycred

#endif  // ANYCRED_CORE_UTIL_IO_H_
