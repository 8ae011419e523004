// anycred-wallet bake: a credential from the wallet baked into a badge
// image (Open Badges 3.0 baking: PNG iTXt "openbadgecredential", SVG
// <openbadges:credential>), which import and the verifier read back.
#include <iostream>
#include <memory>

#include "core/badge/badge.h"
#include "core/util/io.h"
#include "wallet-cli/cli.h"
#include "wallet-cli/cli_common.h"
#include "wallet-cli/credential_index.h"

namespace anycred::wallet {

namespace {
struct BakeArgs {
  std::string id;
  std::string image;
  std::string output;
  bool force = false;
};

int RunBake(const BakeArgs& args) {
  auto image = ReadFileOrStdin(args.image);
  if (!image.ok()) return Fail(image.status());
  badge::Format format = badge::DetectFormat(*image);
  if (format != badge::Format::kPng && format != badge::Format::kSvg) {
    std::cerr << "error: --image: " << args.image
              << " is neither a PNG nor an SVG image\n";
    return kExitUsage;
  }
  auto store = OpenWallet();
  if (!store.ok()) return Fail(store.status());
  auto entry = (*store)->Find(args.id);
  if (!entry.ok()) return Fail(entry.status());
  IndexRow row = IndexEntry(**entry, Now());
  if ((row.status == "flagged" || row.status == "not verified") &&
      !args.force) {
    std::cerr << "error: " << ShortId(row.id) << " (" << row.achievement
              << ") did not verify; it is not baked (use --force to bake it "
                 "anyway)\n";
    return kExitRefused;
  }
  auto baked = badge::Bake(*image, DumpJson((*entry)->credential));
  if (!baked.ok()) {
    std::cerr << "error: --image: " << args.image
              << " cannot carry the credential: " << baked.status().message()
              << "\n";
    return kExitUsage;
  }
  if (Status st = WriteFileOrStdout(args.output, *baked); !st.ok()) {
    return Fail(st);
  }
  if (args.output != "-") {
    std::cerr << "Baked " << row.achievement << " (" << ShortId(row.id)
              << ") into " << args.output << " (" << badge::FormatName(format)
              << ")\n";
  }
  return kExitOk;
}
}  // namespace

void RegisterBake(CLI::App& app, Commands* commands) {
  auto args = std::make_shared<BakeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "bake",
      "Bake a credential into a badge image (PNG or SVG) that carries it: "
      "anyone can import or verify the image");
  cmd->add_option("id", args->id, "Credential ID (from list)")->required();
  cmd->add_option("--image", args->image,
                  "The badge image to bake into: a PNG or an SVG file")
      ->required();
  cmd->add_option("-o,--output", args->output,
                  "Where to write the baked badge (- for standard output)")
      ->required();
  cmd->add_flag("--force", args->force,
                "Bake a credential that did not verify");
  (*commands)["bake"] = [args] { return RunBake(*args); };
}

}  // namespace anycred::wallet
