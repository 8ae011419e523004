// The README's credit walkthrough ("Credit for prior learning"), run as
// written so that it stays true: every `$ command` line in the console
// blocks between the walkthrough markers is run from the repository root
// and must print exactly the lines shown after it (a last line "…" means
// "and more"). `> FILE` sends standard output to a file (in a temporary
// folder; later commands naming FILE read it there) and the lines shown are
// then what appears on standard error.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <sstream>

#include "tests/test_util.h"

using namespace anycred;

namespace {

struct Step {
  std::vector<std::string> argv;
  std::string redirect;  // "" or the file name after ">"
  std::vector<std::string> expected;
  bool prefix = false;
  std::size_t line = 0;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}

std::vector<Step> ParseWalkthrough(const std::string& readme) {
  const std::string begin = "<!-- walkthrough:credit begin -->";
  const std::string end = "<!-- walkthrough:credit end -->";
  auto b = readme.find(begin);
  auto e = readme.find(end);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  std::size_t first_line = static_cast<std::size_t>(std::count(
                               readme.begin(), readme.begin() + b, '\n')) +
                           1;
  std::vector<std::string> lines = Lines(readme.substr(b, e - b));
  std::vector<Step> steps;
  bool in_console = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (!in_console) {
      in_console = l == "```console";
      continue;
    }
    if (l == "```") {
      in_console = false;
      continue;
    }
    if (l.rfind("$ ", 0) == 0) {
      std::string cmd = l.substr(2);
      while (!cmd.empty() && cmd.back() == '\\' && i + 1 < lines.size()) {
        cmd.pop_back();
        cmd += " " + lines[++i];
      }
      Step s;
      s.line = first_line + i;
      std::istringstream words(cmd);
      std::string w;
      bool to_file = false;
      while (words >> w) {
        if (w == ">") {
          to_file = true;
        } else if (to_file) {
          s.redirect = w;
        } else {
          s.argv.push_back(w);
        }
      }
      steps.push_back(std::move(s));
      continue;
    }
    REQUIRE_FALSE(steps.empty());
    if (l == "…") {
      steps.back().prefix = true;
    } else {
      steps.back().expected.push_back(l);
    }
  }
  return steps;
}

}  // namespace

TEST_CASE("the README's credit walkthrough prints what it says",
          "[credit][cli]") {
  std::string readme = testing::ReadFile(testing::SourceDir() + "/README.md");
  std::vector<Step> steps = ParseWalkthrough(readme);
  REQUIRE(steps.size() >= 5);
  testing::TempDir tmp;
  std::map<std::string, std::string> files;
  for (Step& s : steps) {
    for (auto& a : s.argv) {
      if (files.count(a)) a = files[a];
    }
    INFO("README.md line " << s.line << ": " << s.argv.at(0) << " "
                           << (s.argv.size() > 1 ? s.argv[1] : ""));
    auto r = testing::RunCommand(s.argv);
    std::string shown = r.out + r.err;
    if (!s.redirect.empty()) {
      files[s.redirect] = tmp.File(s.redirect);
      testing::WriteFile(files[s.redirect], r.out);
      shown = r.err;
    }
    // The README names the files as written, not where the test keeps them.
    for (const auto& [name, path] : files) {
      for (auto at = shown.find(path); at != std::string::npos;
           at = shown.find(path, at + name.size()))
        shown.replace(at, path.size(), name);
    }
    std::vector<std::string> got = Lines(shown);
    INFO("printed:\n" << shown);
    if (s.prefix) {
      REQUIRE(got.size() >= s.expected.size());
      got.resize(s.expected.size());
    }
    CHECK(got == s.expected);
  }
}
