#include "core/util/io.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace anycred {

namespace {
std::string Name(const std::string& path) {
  return path == "-" ? "standard input" : path;
}
}  // namespace

Result<std::string> ReadFileOrStdin(const std::string& path,
                                    std::size_t max_bytes) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status::Error(codes::kIoError, "cannot open " + Name(path) + ": " +
                                              std::strerror(errno));
  }
  std::string out;
  char buf[65536];
  std::size_t n;
  bool too_big = false;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (out.size() + n > max_bytes) {
      too_big = true;
      break;
    }
    out.append(buf, n);
  }
  bool failed = std::ferror(f) != 0;
  if (f != stdin) std::fclose(f);
  if (too_big) {
    return Status::Error(codes::kMalformedInput,
                         Name(path) + " is larger than " +
                             std::to_string(max_bytes >> 20) + " MiB");
  }
  if (failed)
    return Status::Error(codes::kIoError, "cannot read " + Name(path));
  return out;
}

Status WriteFileOrStdout(const std::string& path, const std::string& content) {
  std::FILE* f = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return Status::Error(codes::kIoError,
                         "cannot write " + path + ": " + std::strerror(errno));
  }
  bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  ok = (f == stdout ? std::fflush(f) : std::fclose(f)) == 0 && ok;
  if (!ok) return Status::Error(codes::kIoError, "cannot write " + Name(path));
  return Status::Ok();
}

Result<UrlFile> ParseUrlFile(const std::string& spec, const std::string& flag) {
  auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
    return Status::Error(codes::kInvalidArgument,
                         flag + " expects URL=FILE, got \"" + spec + "\"");
  }
  return UrlFile{spec.substr(0, eq), spec.substr(eq + 1)};
}

Result<std::unique_ptr<LineReader>> LineReader::Open(
    const std::string& path, std::size_t max_line_bytes) {
  if (path == "-")
    return std::unique_ptr<LineReader>(
        new LineReader(stdin, false, max_line_bytes));
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Status::Error(codes::kIoError,
                         "cannot open " + path + ": " + std::strerror(errno));
  }
  return std::unique_ptr<LineReader>(new LineReader(f, true, max_line_bytes));
}

LineReader::~LineReader() {
  if (owned_) std::fclose(file_);
}

bool LineReader::Next(std::string* line, bool* too_long) {
  line->clear();
  *too_long = false;
  bool any = false;
  for (;;) {
    if (pos_ == end_) {
      // read(2), not fread: a pipe's lines are returned as soon as they
      // arrive instead of waiting for a full buffer.
      ssize_t n;
      do {
        n = ::read(fileno(file_), buffer_.get(), kBufferSize);
      } while (n < 0 && errno == EINTR);
      pos_ = 0;
      end_ = n > 0 ? static_cast<std::size_t>(n) : 0;
      if (end_ == 0) break;
    }
    any = true;
    const char* start = buffer_.get() + pos_;
    std::size_t avail = end_ - pos_;
    const void* nl = std::memchr(start, '\n', avail);
    std::size_t take =
        nl == nullptr ? avail : static_cast<const char*>(nl) - start;
    std::size_t room = max_ - std::min(max_, line->size());
    if (take > room) *too_long = true;
    line->append(start, std::min(take, room));
    if (nl != nullptr) {
      pos_ += take + 1;
      break;
    }
    pos_ = end_;
  }
  if (!any) return false;
  if (!line->empty() && line->back() == '\r') line->pop_back();
  ++line_number_;
  return true;
}

}  // namespace anycred
