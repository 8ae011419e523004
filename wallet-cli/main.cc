// anycred-wallet: a student's encrypted wallet of credentials (coming:
// init, receive, import, list, present, backup). For now it explains
// itself.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{
      "anycred-wallet: keep your credentials from every school, course and "
      "employer in one\n"
      "encrypted wallet on your computer, and show them to whoever asks.\n"
      "The wallet commands are not available in this version yet; use "
      "anycred-verifier to\n"
      "check a credential you received."};
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  std::cout << app.help();
  return 0;
}
