#include "chat/chat_codec.hpp"

#include <stdexcept>
#include <type_traits>

#include "util/bytes.hpp"

namespace udplab::chat {
namespace {

constexpr char kMagic[4] = {'U', 'D', 'L', 'C'};
constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kHeader = 6;

enum Type : std::uint8_t { kHello = 1, kText = 2, kList = 3, kMembers = 4, kNotice = 5, kLeave = 6 };

// Reads fields front to back; every read checks the length first, so nothing reads past the end.
class Reader {
 public:
  explicit Reader(std::span<const std::byte> d) : d_(d) {}
  bool have(std::size_t n) const { return d_.size() - at_ >= n; }
  std::uint8_t u8() { return std::to_integer<std::uint8_t>(d_[at_++]); }
  std::uint16_t u16() {
    auto v = util::get_u16(d_.data() + at_);
    at_ += 2;
    return v;
  }
  std::uint64_t u64() {
    auto v = util::get_u64(d_.data() + at_);
    at_ += 8;
    return v;
  }
  std::string bytes(std::size_t n) {
    std::string s(util::as_chars(d_.subspan(at_, n)));
    at_ += n;
    return s;
  }
  bool done() const { return at_ == d_.size(); }

 private:
  std::span<const std::byte> d_;
  std::size_t at_ = kHeader;
};

std::expected<std::string, DecodeError> read_nick(Reader& r, bool may_be_empty) {
  if (!r.have(1)) return std::unexpected(DecodeError::cut_short);
  const std::size_t n = r.u8();
  if (n > kMaxNick) return std::unexpected(DecodeError::nick_too_long);
  if (n == 0 && !may_be_empty) return std::unexpected(DecodeError::empty_nick);
  if (!r.have(n)) return std::unexpected(DecodeError::cut_short);
  return r.bytes(n);
}

class Writer {
 public:
  explicit Writer(std::uint8_t type) {
    for (char c : kMagic) out_.push_back(std::byte(c));
    out_.push_back(std::byte{kVersion});
    out_.push_back(std::byte{type});
  }
  void u8(std::uint8_t v) { out_.push_back(std::byte{v}); }
  void u16(std::uint16_t v) {
    out_.resize(out_.size() + 2);
    util::put_u16(out_.data() + out_.size() - 2, v);
  }
  void u64(std::uint64_t v) {
    out_.resize(out_.size() + 8);
    util::put_u64(out_.data() + out_.size() - 8, v);
  }
  void text(std::string_view s) {
    auto b = util::as_bytes(s);
    out_.insert(out_.end(), b.begin(), b.end());
  }
  void nick(std::string_view s) {
    u8(static_cast<std::uint8_t>(s.size()));
    text(s);
  }
  std::size_t size() const { return out_.size(); }
  std::vector<std::byte> take() { return std::move(out_); }

 private:
  std::vector<std::byte> out_;
};

}  // namespace

std::string_view to_string(DecodeError e) {
  switch (e) {
    case DecodeError::too_short: return "too short";
    case DecodeError::bad_magic: return "not a chat datagram";
    case DecodeError::bad_version: return "unknown chat version";
    case DecodeError::unknown_type: return "unknown message type";
    case DecodeError::cut_short: return "cut short";
    case DecodeError::nick_too_long: return "nickname too long";
    case DecodeError::empty_nick: return "empty nickname in a member list";
    case DecodeError::empty_text: return "empty message";
    case DecodeError::text_too_long: return "message too long";
    case DecodeError::zero_sequence: return "sequence number 0";
    case DecodeError::bad_notice: return "unknown notice";
    case DecodeError::trailing_bytes: return "bytes after the last field";
  }
  return "unknown";
}

std::expected<Message, DecodeError> decode(std::span<const std::byte> d) {
  if (d.size() < 4) return std::unexpected(DecodeError::too_short);
  for (std::size_t i = 0; i < 4; ++i)
    if (d[i] != std::byte(kMagic[i])) return std::unexpected(DecodeError::bad_magic);
  if (d.size() < kHeader) return std::unexpected(DecodeError::too_short);
  if (d[4] != std::byte{kVersion}) return std::unexpected(DecodeError::bad_version);
  Reader r(d);
  Message m;
  switch (std::to_integer<std::uint8_t>(d[5])) {
    case kHello: {
      auto nick = read_nick(r, true);
      if (!nick) return std::unexpected(nick.error());
      m = msg::Hello{std::move(*nick)};
      break;
    }
    case kText: {
      msg::Text t;
      if (!r.have(16)) return std::unexpected(DecodeError::cut_short);
      t.session = r.u64();
      t.seq = r.u64();
      if (t.seq == 0) return std::unexpected(DecodeError::zero_sequence);
      auto nick = read_nick(r, true);
      if (!nick) return std::unexpected(nick.error());
      t.nick = std::move(*nick);
      if (!r.have(2)) return std::unexpected(DecodeError::cut_short);
      const std::size_t n = r.u16();
      if (n == 0) return std::unexpected(DecodeError::empty_text);
      if (n > kMaxText) return std::unexpected(DecodeError::text_too_long);
      if (!r.have(n)) return std::unexpected(DecodeError::cut_short);
      t.text = r.bytes(n);
      m = std::move(t);
      break;
    }
    case kList: m = msg::List{}; break;
    case kMembers: {
      msg::Members list;
      if (!r.have(3)) return std::unexpected(DecodeError::cut_short);
      list.total = r.u16();
      const std::size_t count = r.u8();
      for (std::size_t i = 0; i < count; ++i) {
        auto nick = read_nick(r, false);
        if (!nick) return std::unexpected(nick.error());
        list.nicks.push_back(std::move(*nick));
      }
      m = std::move(list);
      break;
    }
    case kNotice: {
      if (!r.have(1)) return std::unexpected(DecodeError::cut_short);
      const auto kind = r.u8();
      if (kind < 1 || kind > 5) return std::unexpected(DecodeError::bad_notice);
      auto nick = read_nick(r, true);
      if (!nick) return std::unexpected(nick.error());
      m = msg::Notice{static_cast<msg::NoticeKind>(kind), std::move(*nick)};
      break;
    }
    case kLeave: m = msg::Leave{}; break;
    default: return std::unexpected(DecodeError::unknown_type);
  }
  if (!r.done()) return std::unexpected(DecodeError::trailing_bytes);
  return m;
}

std::optional<std::string> check(const Message& m) {
  auto nick_ok = [](const std::string& n) { return n.size() <= kMaxNick; };
  if (const auto* h = std::get_if<msg::Hello>(&m); h && !nick_ok(h->nick)) return "nickname over 32 bytes";
  if (const auto* n = std::get_if<msg::Notice>(&m); n && !nick_ok(n->nick)) return "nickname over 32 bytes";
  if (const auto* t = std::get_if<msg::Text>(&m)) {
    if (!nick_ok(t->nick)) return "nickname over 32 bytes";
    if (t->seq == 0) return "sequence numbers start at 1";
    if (t->text.empty()) return "empty message";
    if (t->text.size() > kMaxText)
      return "message of " + std::to_string(t->text.size()) + " bytes; the limit is " + std::to_string(kMaxText);
  }
  if (const auto* l = std::get_if<msg::Members>(&m))
    for (const auto& n : l->nicks)
      if (n.empty() || !nick_ok(n)) return "member nicknames must be 1-32 bytes";
  return std::nullopt;
}

std::vector<std::byte> encode(const Message& m) {
  if (auto bad = check(m)) throw std::invalid_argument("chat::encode: " + *bad);
  return std::visit(
      [](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, msg::Hello>) {
          Writer w(kHello);
          w.nick(x.nick);
          return w.take();
        } else if constexpr (std::is_same_v<T, msg::Text>) {
          Writer w(kText);
          w.u64(x.session);
          w.u64(x.seq);
          w.nick(x.nick);
          w.u16(static_cast<std::uint16_t>(x.text.size()));
          w.text(x.text);
          return w.take();
        } else if constexpr (std::is_same_v<T, msg::List>) {
          return Writer(kList).take();
        } else if constexpr (std::is_same_v<T, msg::Members>) {
          std::size_t fit = 0, size = kHeader + 3;
          while (fit < x.nicks.size() && fit < 255 && size + 1 + x.nicks[fit].size() <= kMaxDatagram)
            size += 1 + x.nicks[fit++].size();
          Writer w(kMembers);
          w.u16(x.total);
          w.u8(static_cast<std::uint8_t>(fit));
          for (std::size_t i = 0; i < fit; ++i) w.nick(x.nicks[i]);
          return w.take();
        } else if constexpr (std::is_same_v<T, msg::Notice>) {
          Writer w(kNotice);
          w.u8(static_cast<std::uint8_t>(x.kind));
          w.nick(x.nick);
          return w.take();
        } else {
          return Writer(kLeave).take();
        }
      },
      m);
}

}  // namespace udplab::chat
