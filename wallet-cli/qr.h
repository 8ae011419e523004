// QR codes for presentations (libqrencode): drawn in the terminal with
// UTF-8 half blocks (two rows of modules per line; a block is a light
// module, as on a dark terminal) and written as a PNG (libpng).
//
// The text is encoded as bytes at error-correction level L, which holds up
// to 2953 bytes (QR version 40); longer text does not fit.
//
// Thread safety: functions are thread-safe.
#ifndef ANYCRED_WALLET_CLI_QR_H_
#define ANYCRED_WALLET_CLI_QR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/status.h"

namespace anycred::wallet {

inline constexpr std::size_t kQrMaxBytes = 2953;
inline constexpr const char* kQrTooBig = "QR_TOO_BIG";

// The modules (true = dark), `size` × `size`, without quiet zone.
struct QrMatrix {
  int size = 0;
  std::vector<bool> dark;
  bool at(int x, int y) const {
    return x >= 0 && y >= 0 && x < size && y < size &&
           dark[static_cast<std::size_t>(y * size + x)];
  }
};

// Fails with QR_TOO_BIG when `text` does not fit in a QR code.
Result<QrMatrix> EncodeQr(const std::string& text);

// The code with a 2-module quiet zone, for a terminal.
std::string QrToTerminal(const QrMatrix& qr);

// A grayscale PNG, `scale` pixels per module, 4-module quiet zone.
Status WriteQrPng(const QrMatrix& qr, const std::string& path, int scale = 4);

}  // namespace anycred::wallet

#endif  // ANYCRED_WALLET_CLI_QR_H_
