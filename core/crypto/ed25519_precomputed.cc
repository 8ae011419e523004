#include "core/crypto/ed25519_precomputed.h"

#include <sodium.h>

#include <cstring>

namespace anycred::crypto {

namespace {

__extension__ using U128 = unsigned __int128;

// ---------------------------------------------------------------------------
// The field GF(p), p = 2^255 - 19, in five limbs of 51 bits (radix 2^51).
// Every operation leaves its result weakly reduced: limbs below 2^52. Inputs
// may be any weakly reduced values, so sums and differences never overflow.

constexpr std::uint64_t kMask51 = (std::uint64_t{1} << 51) - 1;

struct Fe {
  std::uint64_t v[5];
};

constexpr Fe kZero{{0, 0, 0, 0, 0}};
constexpr Fe kOne{{1, 0, 0, 0, 0}};
// d = -121665/121666, 2d and sqrt(-1) (= 2^((p-1)/4)). A wrong one fails
// every test: the base point would not decode, no signature would verify.
constexpr Fe kD{{0x34dca135978a3, 0x1a8283b156ebd, 0x5e7a26001c029,
                 0x739c663a03cbb, 0x52036cee2b6ff}};
constexpr Fe kD2{{0x69b9426b2f159, 0x35050762add7a, 0x3cf44c0038052,
                  0x6738cc7407977, 0x2406d9dc56dff}};
constexpr Fe kSqrtM1{{0x61b274a0ea0b0, 0xd5a5fc8f189d, 0x7ef5e9cbd0c60,
                      0x78595a6804c9e, 0x2b8324804fc1d}};

inline void Carry(Fe& h) {
  for (int i = 0; i < 4; ++i) {
    h.v[i + 1] += h.v[i] >> 51;
    h.v[i] &= kMask51;
  }
  const std::uint64_t c = h.v[4] >> 51;
  h.v[4] &= kMask51;
  h.v[0] += c * 19;
}

// Without the carry, for the hot loop: inputs must be results of Mul or Sq
// (limbs below 2^52), and the result (limbs below 2^54) may only be passed to
// Mul or Sq, whose column sums stay below 2^115.
inline Fe AddLazy(const Fe& f, const Fe& g) {
  return Fe{{f.v[0] + g.v[0], f.v[1] + g.v[1], f.v[2] + g.v[2], f.v[3] + g.v[3],
             f.v[4] + g.v[4]}};
}
// f - g computed as f + 4p - g: every limb of 4p exceeds 2^52 > g's limbs.
inline Fe SubLazy(const Fe& f, const Fe& g) {
  constexpr std::uint64_t kFourP0 = 4 * ((std::uint64_t{1} << 51) - 19);
  constexpr std::uint64_t kFourPi = 4 * ((std::uint64_t{1} << 51) - 1);
  return Fe{{f.v[0] + kFourP0 - g.v[0], f.v[1] + kFourPi - g.v[1],
             f.v[2] + kFourPi - g.v[2], f.v[3] + kFourPi - g.v[3],
             f.v[4] + kFourPi - g.v[4]}};
}

inline Fe Add(const Fe& f, const Fe& g) {
  Fe h = AddLazy(f, g);
  Carry(h);
  return h;
}

inline Fe Sub(const Fe& f, const Fe& g) {
  Fe h = SubLazy(f, g);
  Carry(h);
  return h;
}

inline Fe Neg(const Fe& f) { return Sub(kZero, f); }

// Carries five 128-bit column sums into a weakly reduced element.
inline Fe CarryWide(U128 r0, U128 r1, U128 r2, U128 r3, U128 r4) {
  Fe h;
  r1 += static_cast<std::uint64_t>(r0 >> 51);
  h.v[0] = static_cast<std::uint64_t>(r0) & kMask51;
  r2 += static_cast<std::uint64_t>(r1 >> 51);
  h.v[1] = static_cast<std::uint64_t>(r1) & kMask51;
  r3 += static_cast<std::uint64_t>(r2 >> 51);
  h.v[2] = static_cast<std::uint64_t>(r2) & kMask51;
  r4 += static_cast<std::uint64_t>(r3 >> 51);
  h.v[3] = static_cast<std::uint64_t>(r3) & kMask51;
  const U128 top = (r4 >> 51) * 19 + h.v[0];
  h.v[4] = static_cast<std::uint64_t>(r4) & kMask51;
  h.v[0] = static_cast<std::uint64_t>(top) & kMask51;
  h.v[1] += static_cast<std::uint64_t>(top >> 51);
  return h;
}

inline Fe Mul(const Fe& f, const Fe& g) {
  const std::uint64_t g1 = 19 * g.v[1], g2 = 19 * g.v[2], g3 = 19 * g.v[3],
                      g4 = 19 * g.v[4];
  const U128 f0 = f.v[0], f1 = f.v[1], f2 = f.v[2], f3 = f.v[3], f4 = f.v[4];
  return CarryWide(
      f0 * g.v[0] + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1,
      f0 * g.v[1] + f1 * g.v[0] + f2 * g4 + f3 * g3 + f4 * g2,
      f0 * g.v[2] + f1 * g.v[1] + f2 * g.v[0] + f3 * g4 + f4 * g3,
      f0 * g.v[3] + f1 * g.v[2] + f2 * g.v[1] + f3 * g.v[0] + f4 * g4,
      f0 * g.v[4] + f1 * g.v[3] + f2 * g.v[2] + f3 * g.v[1] + f4 * g.v[0]);
}

inline Fe Sq(const Fe& f) {
  const U128 f0 = f.v[0], f1 = f.v[1], f2 = f.v[2], f3 = f.v[3], f4 = f.v[4];
  const U128 d0 = 2 * f0, d1 = 2 * f1, d2 = 2 * f2, d3 = 2 * f3;
  const U128 f3_19 = 19 * f3, f4_19 = 19 * f4;
  return CarryWide(f0 * f0 + d1 * f4_19 + d2 * f3_19,
                   d0 * f1 + d2 * f4_19 + f3 * f3_19,
                   d0 * f2 + f1 * f1 + d3 * f4_19,
                   d0 * f3 + d1 * f2 + f4 * f4_19, d0 * f4 + d1 * f3 + f2 * f2);
}

inline Fe SqTimes(Fe f, int n) {
  for (int i = 0; i < n; ++i) f = Sq(f);
  return f;
}

// z^(2^250 - 1) and z^11, the common part of inversion and square roots.
void Pow2250(const Fe& z, Fe& z2_250_0, Fe& z11) {
  const Fe z2 = Sq(z);
  const Fe z9 = Mul(SqTimes(z2, 2), z);
  z11 = Mul(z9, z2);
  const Fe z2_5_0 = Mul(Sq(z11), z9);
  const Fe z2_10_0 = Mul(SqTimes(z2_5_0, 5), z2_5_0);
  const Fe z2_20_0 = Mul(SqTimes(z2_10_0, 10), z2_10_0);
  const Fe z2_40_0 = Mul(SqTimes(z2_20_0, 20), z2_20_0);
  const Fe z2_50_0 = Mul(SqTimes(z2_40_0, 10), z2_10_0);
  const Fe z2_100_0 = Mul(SqTimes(z2_50_0, 50), z2_50_0);
  const Fe z2_200_0 = Mul(SqTimes(z2_100_0, 100), z2_100_0);
  z2_250_0 = Mul(SqTimes(z2_200_0, 50), z2_50_0);
}

// z^(p - 2) = z^(2^255 - 21) = 1/z (0 for 0).
Fe Invert(const Fe& z) {
  Fe z2_250_0, z11;
  Pow2250(z, z2_250_0, z11);
  return Mul(SqTimes(z2_250_0, 5), z11);
}

// z^((p - 5) / 8) = z^(2^252 - 3), for square roots.
Fe Pow22523(const Fe& z) {
  Fe z2_250_0, z11;
  Pow2250(z, z2_250_0, z11);
  return Mul(SqTimes(z2_250_0, 2), z);
}

// The canonical 32-byte little-endian encoding (value below p).
void ToBytes(const Fe& f, std::uint8_t out[32]) {
  Fe h = f;
  Carry(h);
  Carry(h);
  // q = 1 exactly when h >= p: the carry out of bit 255 of h + 19.
  std::uint64_t q = (h.v[0] + 19) >> 51;
  q = (h.v[1] + q) >> 51;
  q = (h.v[2] + q) >> 51;
  q = (h.v[3] + q) >> 51;
  q = (h.v[4] + q) >> 51;
  // h + 19q - 2^255 q: add 19q, carry, and drop the carry out of bit 255.
  h.v[0] += 19 * q;
  h.v[1] += h.v[0] >> 51;
  h.v[0] &= kMask51;
  h.v[2] += h.v[1] >> 51;
  h.v[1] &= kMask51;
  h.v[3] += h.v[2] >> 51;
  h.v[2] &= kMask51;
  h.v[4] += h.v[3] >> 51;
  h.v[3] &= kMask51;
  h.v[4] &= kMask51;
  const std::uint64_t w0 = h.v[0] | (h.v[1] << 51);
  const std::uint64_t w1 = (h.v[1] >> 13) | (h.v[2] << 38);
  const std::uint64_t w2 = (h.v[2] >> 26) | (h.v[3] << 25);
  const std::uint64_t w3 = (h.v[3] >> 39) | (h.v[4] << 12);
  const std::uint64_t w[4] = {w0, w1, w2, w3};
  for (int i = 0; i < 4; ++i) {
    for (int b = 0; b < 8; ++b) {
      out[8 * i + b] = static_cast<std::uint8_t>(w[i] >> (8 * b));
    }
  }
}

// The low 255 bits of `in` (the sign bit of an encoded point is ignored).
Fe FromBytes(const std::uint8_t in[32]) {
  std::uint64_t w[4];
  for (int i = 0; i < 4; ++i) {
    w[i] = 0;
    for (int b = 7; b >= 0; --b) w[i] = (w[i] << 8) | in[8 * i + b];
  }
  return Fe{{w[0] & kMask51, ((w[0] >> 51) | (w[1] << 13)) & kMask51,
             ((w[1] >> 38) | (w[2] << 26)) & kMask51,
             ((w[2] >> 25) | (w[3] << 39)) & kMask51, (w[3] >> 12) & kMask51}};
}

bool IsZero(const Fe& f) {
  std::uint8_t s[32];
  ToBytes(f, s);
  std::uint8_t acc = 0;
  for (std::uint8_t b : s) acc |= b;
  return acc == 0;
}

bool IsNegative(const Fe& f) {
  std::uint8_t s[32];
  ToBytes(f, s);
  return (s[0] & 1) != 0;
}

bool Equal(const Fe& f, const Fe& g) { return IsZero(Sub(f, g)); }

// ---------------------------------------------------------------------------
// Points of -x^2 + y^2 = 1 + d x^2 y^2.

// Extended coordinates: x = X/Z, y = Y/Z, x*y = T/Z.
struct P3 {
  Fe X, Y, Z, T;
};
// An affine point as (y + x, y - x, 2d*x*y): a table entry.
struct Niels {
  Fe ypx, ymx, xy2d;
};

constexpr P3 kIdentity{kZero, kOne, kOne, kZero};

// add-2008-hwcd-3 with a = -1, k = 2d.
P3 AddP3(const P3& p, const P3& q) {
  const Fe a = Mul(Sub(p.Y, p.X), Sub(q.Y, q.X));
  const Fe b = Mul(Add(p.Y, p.X), Add(q.Y, q.X));
  const Fe c = Mul(Mul(p.T, kD2), q.T);
  const Fe zz = Mul(p.Z, q.Z);
  const Fe d = Add(zz, zz);
  const Fe e = Sub(b, a), f = Sub(d, c), g = Add(d, c), h = Add(b, a);
  return P3{Mul(e, f), Mul(g, h), Mul(f, g), Mul(e, h)};
}

// madd-2008-hwcd-3 (the second point affine, in Niels form); with `negate`,
// adds the negation of q: (y - x, y + x, -2dxy).
// The sums and differences are lazy: each operand is a product, or the
// double of one (d: below 2^53, which SubLazy's 4p still exceeds).
inline void AddNiels(P3& p, const Niels& q, bool negate) {
  const Fe a = Mul(SubLazy(p.Y, p.X), negate ? q.ypx : q.ymx);
  const Fe b = Mul(AddLazy(p.Y, p.X), negate ? q.ymx : q.ypx);
  const Fe c = Mul(p.T, q.xy2d);
  const Fe d = AddLazy(p.Z, p.Z);
  const Fe e = SubLazy(b, a), h = AddLazy(b, a);
  const Fe f = negate ? AddLazy(d, c) : SubLazy(d, c);
  const Fe g = negate ? SubLazy(d, c) : AddLazy(d, c);
  p.X = Mul(e, f);
  p.Y = Mul(g, h);
  p.Z = Mul(f, g);
  p.T = Mul(e, h);
}

// dbl-2008-hwcd with a = -1.
P3 Double(const P3& p) {
  const Fe a = Sq(p.X), b = Sq(p.Y), zz = Sq(p.Z);
  const Fe c = Add(zz, zz);
  const Fe h = Neg(Add(a, b));  // D - B with D = -A
  const Fe e = Sub(Sub(Sq(Add(p.X, p.Y)), a), b);
  const Fe g = Sub(b, a);  // D + B
  const Fe f = Sub(g, c);
  return P3{Mul(e, f), Mul(g, h), Mul(f, g), Mul(e, h)};
}

bool IsIdentity(const P3& p) { return IsZero(p.X) && Equal(p.Y, p.Z); }

void Encode(const P3& p, std::uint8_t out[32]) {
  const Fe zi = Invert(p.Z);
  const Fe x = Mul(p.X, zi), y = Mul(p.Y, zi);
  ToBytes(y, out);
  if (IsNegative(x)) out[31] |= 0x80;
}

// RFC 8032, 5.1.3. Fails for an encoding that is not canonical (y >= p, or
// x = 0 with the sign bit set) or not on the curve.
bool Decode(const std::uint8_t in[32], P3& out) {
  const Fe y = FromBytes(in);
  const Fe yy = Sq(y);
  const Fe u = Sub(yy, kOne);
  const Fe v = Add(Mul(yy, kD), kOne);
  const Fe v3 = Mul(Sq(v), v);
  Fe x = Mul(Mul(u, v3), Pow22523(Mul(u, Mul(Sq(v3), v))));
  const Fe vxx = Mul(v, Sq(x));
  if (!Equal(vxx, u)) {
    if (!Equal(vxx, Neg(u))) return false;
    x = Mul(x, kSqrtM1);
  }
  const bool sign = (in[31] >> 7) != 0;
  if (IsZero(x) && sign) return false;
  if (IsNegative(x) != sign) x = Neg(x);
  out = P3{x, y, kOne, Mul(x, y)};
  std::uint8_t again[32];
  Encode(out, again);
  return std::memcmp(again, in, 32) == 0;
}

// ---------------------------------------------------------------------------
// Tables and scalars.

// Signed digits of kWindow bits: a scalar below 2^253 has kRows of them, each
// with |digit| <= kColumns. Five bits: 51 rows of 16 points, 97,920 bytes
// per table; four bits took 15% longer to verify, six bits 8% less time
// for a table 1.7 times as large, costly in a cache shared with the rest of
// verification.
constexpr int kWindow = 5;
constexpr int kRows = (253 + kWindow - 1) / kWindow + (253 % kWindow == 0);
constexpr int kColumns = 1 << (kWindow - 1);

// row[i][j - 1] = j * 2^(kWindow * i) * P, converted to affine with one
// inversion for the whole table (Montgomery's trick).
void BuildRows(const P3& point, Niels (*rows)[kColumns]) {
  constexpr int kCount = kRows * kColumns;
  auto projective = std::make_unique<P3[]>(kCount);
  P3 base = point;
  for (int i = 0; i < kRows; ++i) {
    P3* row = &projective[static_cast<std::size_t>(i) * kColumns];
    row[0] = base;
    row[1] = Double(base);
    for (int j = 2; j < kColumns; ++j) row[j] = AddP3(row[j - 1], base);
    base = Double(row[kColumns - 1]);  // 2^kWindow * 2^(kWindow * i) * P
  }
  auto prefix = std::make_unique<Fe[]>(kCount);
  Fe acc = kOne;
  for (int n = 0; n < kCount; ++n) {
    prefix[n] = acc;
    acc = Mul(acc, projective[n].Z);
  }
  Fe inverse = Invert(acc);  // 1 / (Z_0 ... Z_last)
  for (int n = kCount - 1; n >= 0; --n) {
    const P3& p = projective[n];
    const Fe zi = Mul(inverse, prefix[n]);
    inverse = Mul(inverse, p.Z);
    const Fe x = Mul(p.X, zi), y = Mul(p.Y, zi);
    rows[n / kColumns][n % kColumns] =
        Niels{Add(y, x), Sub(y, x), Mul(Mul(x, y), kD2)};
  }
}

// Signed digits: scalar = sum of digits[i] * 2^(kWindow * i), each digit in
// [-kColumns, kColumns).
void Recode(const std::uint8_t s[32], std::int8_t digits[kRows]) {
  int carry = 0;
  for (int i = 0; i < kRows; ++i) {
    const int bit = kWindow * i;
    int window = 0;
    for (int b = 0; b < kWindow; ++b) {
      const int at = bit + b;
      if (at < 256) window |= ((s[at / 8] >> (at % 8)) & 1) << b;
    }
    int digit = window + carry;
    carry = (digit + kColumns) >> kWindow;
    digit -= carry << kWindow;
    digits[i] = static_cast<std::int8_t>(digit);
  }
}

// S < L = 2^252 + 27742317777372353535851937790883648493.
bool IsCanonicalScalar(const std::uint8_t s[32]) {
  static constexpr std::uint8_t kL[32] = {
      0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
      0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
  for (int i = 31; i >= 0; --i) {
    if (s[i] != kL[i]) return s[i] < kL[i];
  }
  return false;  // equal to L
}

}  // namespace

struct Ed25519PrecomputedKey::Table {
  Niels rows[kRows][kColumns];
};

namespace {

const Ed25519PrecomputedKey::Table& BaseTable() {
  static const auto* const table = [] {
    // B: y = 4/5, x even.
    std::uint8_t encoded[32];
    encoded[0] = 0x58;
    std::memset(encoded + 1, 0x66, 31);
    P3 b;
    if (!Decode(encoded, b)) std::abort();
    auto* t = new Ed25519PrecomputedKey::Table;
    BuildRows(b, t->rows);
    return t;
  }();
  return *table;
}

inline void AddDigit(P3& acc, const Niels (&row)[kColumns], int digit) {
  if (digit > 0) AddNiels(acc, row[digit - 1], false);
  if (digit < 0) AddNiels(acc, row[-digit - 1], true);
}

}  // namespace

Ed25519PrecomputedKey::Ed25519PrecomputedKey() = default;
Ed25519PrecomputedKey::~Ed25519PrecomputedKey() = default;

std::unique_ptr<const Ed25519PrecomputedKey> Ed25519PrecomputedKey::Build(
    const std::array<std::uint8_t, 32>& public_key) {
  P3 a;
  if (!Decode(public_key.data(), a)) return nullptr;
  // Small order: 8A is the identity.
  if (IsIdentity(Double(Double(Double(a))))) return nullptr;
  const P3 minus_a{Neg(a.X), a.Y, a.Z, Neg(a.T)};
  std::unique_ptr<Ed25519PrecomputedKey> key(new Ed25519PrecomputedKey);
  key->public_key_ = public_key;
  key->table_ = std::make_unique<Table>();
  BuildRows(minus_a, key->table_->rows);
  (void)BaseTable();
  return key;
}

bool Ed25519PrecomputedKey::Verify(
    std::string_view message, std::span<const std::uint8_t> signature) const {
  if (signature.size() != 64) return false;
  const std::uint8_t* r = signature.data();
  const std::uint8_t* s = signature.data() + 32;
  if (!IsCanonicalScalar(s)) return false;

  // k = SHA-512(R || A || M) mod L.
  std::uint8_t hash[64];
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  crypto_hash_sha512_update(&state, r, 32);
  crypto_hash_sha512_update(&state, public_key_.data(), 32);
  crypto_hash_sha512_update(
      &state, reinterpret_cast<const unsigned char*>(message.data()),
      message.size());
  crypto_hash_sha512_final(&state, hash);
  std::uint8_t k[32];
  crypto_core_ed25519_scalar_reduce(k, hash);

  std::int8_t s_digits[kRows];
  std::int8_t k_digits[kRows];
  Recode(s, s_digits);
  Recode(k, k_digits);

  // [s]B + [k](-A)
  const Table& base = BaseTable();
  P3 acc = kIdentity;
  for (int i = 0; i < kRows; ++i) {
    AddDigit(acc, base.rows[i], s_digits[i]);
    AddDigit(acc, table_->rows[i], k_digits[i]);
  }
  std::uint8_t check[32];
  Encode(acc, check);
  if (std::memcmp(check, r, 32) != 0) return false;
  // R equals the computed point; libsodium refuses an R of small order.
  return !IsIdentity(Double(Double(Double(acc))));
}

}  // namespace anycred::crypto
