#include "wallet-cli/qr.h"

#include <png.h>
#include <qrencode.h>

#include <cerrno>

namespace anycred::wallet {

Result<QrMatrix> EncodeQr(const std::string& text) {
  if (text.size() > kQrMaxBytes) {
    return Status::Error(kQrTooBig, "the presentation is " +
                                        std::to_string(text.size()) +
                                        " bytes; a QR code holds at most " +
                                        std::to_string(kQrMaxBytes));
  }
  QRcode* code = QRcode_encodeData(
      static_cast<int>(text.size()),
      reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_L);
  if (code == nullptr) {
    if (errno == ERANGE) {
      return Status::Error(kQrTooBig, "the presentation is " +
                                          std::to_string(text.size()) +
                                          " bytes, too much for a QR code");
    }
    return Status::Error(codes::kInternal, "the QR code could not be made");
  }
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<std::size_t>(m.size * m.size));
  for (std::size_t i = 0; i < m.dark.size(); ++i) {
    m.dark[i] = (code->data[i] & 1) != 0;
  }
  QRcode_free(code);
  return m;
}

std::string QrToTerminal(const QrMatrix& qr) {
  constexpr int kQuiet = 2;
  std::string out;
  for (int y = -kQuiet; y < qr.size + kQuiet; y += 2) {
    for (int x = -kQuiet; x < qr.size + kQuiet; ++x) {
      bool top_light = !qr.at(x, y);
      bool bottom_light = y + 1 < qr.size + kQuiet ? !qr.at(x, y + 1) : false;
      if (top_light && bottom_light) {
        out += "\xE2\x96\x88";  // █
      } else if (top_light) {
        out += "\xE2\x96\x80";  // ▀
      } else if (bottom_light) {
        out += "\xE2\x96\x84";  // ▄
      } else {
        out += ' ';
      }
    }
    out += '\n';
  }
  return out;
}

Status WriteQrPng(const QrMatrix& qr, const std::string& path, int scale) {
  constexpr int kQuiet = 4;
  int side = (qr.size + 2 * kQuiet) * scale;
  std::vector<png_byte> pixels(static_cast<std::size_t>(side * side), 255);
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      if (qr.at(x / scale - kQuiet, y / scale - kQuiet)) {
        pixels[static_cast<std::size_t>(y * side + x)] = 0;
      }
    }
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(side);
  image.height = static_cast<png_uint_32>(side);
  image.format = PNG_FORMAT_GRAY;
  if (!png_image_write_to_file(&image, path.c_str(), 0, pixels.data(), side,
                               nullptr)) {
    std::string why = image.message;
    png_image_free(&image);
    return Status::Error(codes::kIoError,
                         "cannot write the QR code image " + path + ": " + why);
  }
  return Status::Ok();
}

}  // namespace anycred::wallet
