#include "tftp/hashing_file.hpp"

#include "util/sha256.hpp"

namespace udplab::tftp {
namespace {

class HashingReader final : public ReadFile {
 public:
  HashingReader(std::unique_ptr<ReadFile> f, std::shared_ptr<std::string> digest)
      : file_(std::move(f)), digest_(std::move(digest)) {}
  std::expected<std::size_t, std::error_code> read(std::span<std::byte> out) override {
    auto n = file_->read(out);
    if (n) {
      hash_.update(out.first(*n));
      if (*n < out.size() && digest_->empty()) *digest_ = hash_.hex_digest();
    }
    return n;
  }
  std::uint64_t size() const override { return file_->size(); }
  std::error_code rewind() override {
    hash_ = util::Sha256();
    digest_->clear();
    return file_->rewind();
  }

 private:
  std::unique_ptr<ReadFile> file_;
  std::shared_ptr<std::string> digest_;
  util::Sha256 hash_;
};

class HashingWriter final : public WriteFile {
 public:
  HashingWriter(std::unique_ptr<WriteFile> f, std::shared_ptr<std::string> digest)
      : file_(std::move(f)), digest_(std::move(digest)) {}
  std::error_code write(std::span<const std::byte> data) override {
    hash_.update(data);
    return file_->write(data);
  }
  std::error_code commit() override {
    auto ec = file_->commit();
    if (!ec) *digest_ = hash_.hex_digest();
    return ec;
  }
  void discard() override { file_->discard(); }
  std::optional<std::uint64_t> capacity() const override { return file_->capacity(); }

 private:
  std::unique_ptr<WriteFile> file_;
  std::shared_ptr<std::string> digest_;
  util::Sha256 hash_;
};

}  // namespace

std::unique_ptr<ReadFile> hash_reads(std::unique_ptr<ReadFile> file, std::shared_ptr<std::string> digest) {
  return std::make_unique<HashingReader>(std::move(file), std::move(digest));
}

std::unique_ptr<WriteFile> hash_writes(std::unique_ptr<WriteFile> file, std::shared_ptr<std::string> digest) {
  return std::make_unique<HashingWriter>(std::move(file), std::move(digest));
}

}  // namespace udplab::tftp
