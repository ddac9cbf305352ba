// The media worker's path for one file, to measure with /usr/bin/time -v (CPU, peak memory):
//   build/release/bench/quire_media_upload make 9999 9999 /tmp/big.png   # a test image
//   build/release/bench/quire_media_upload make 4000 3000 /tmp/photo.jpg 8   # with noise
//   /usr/bin/time -v build/release/bench/quire_media_upload store /tmp/big.png
// `make` writes a width × height gradient (a few hundred kilobytes as PNG: what a decompression
// bomb looks like) or, given a NOISE sigma, a gradient with noise (compresses like a photo), its
// type from OUT's extension (.jpg, .png, .gif, .webp); `store` runs media::StoreUpload (sniffing,
// checks, the stored original and every variant) into a temporary uploads folder, prints what it
// made, and removes it.
#include <glib.h>
#include <vips/vips.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "media/images.h"
#include "media/uploads.h"

namespace {

int Make(int width, int height, const std::string& out, double noise_sigma) {
  if (VIPS_INIT("quire-bench") != 0) return 1;
  VipsImage* xyz = nullptr;
  VipsImage* noise = nullptr;
  VipsImage* mixed = nullptr;
  VipsImage* image = nullptr;
  if (vips_xyz(&xyz, width, height, nullptr) != 0 ||
      vips_gaussnoise(&noise, width, height, "sigma", noise_sigma, "mean", 64.0, nullptr) != 0) {
    return 1;
  }
  VipsImage* parts[3] = {xyz, noise, nullptr};
  if (vips_bandjoin(parts, &mixed, 2, nullptr) != 0 ||
      vips_bandjoin_const1(mixed, &image, 128, nullptr) != 0) {
    return 1;
  }
  VipsImage* bytes = nullptr;
  if (vips_cast_uchar(image, &bytes, nullptr) != 0) return 1;
  if (vips_image_write_to_file(bytes, out.c_str(), nullptr) != 0) {
    std::fprintf(stderr, "%s\n", vips_error_buffer());
    return 1;
  }
  return 0;
}

int Store(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return 1;
  }
  std::ostringstream content;
  content << in.rdbuf();
  const std::string bytes = std::move(content).str();
  std::string folder_template =
      (std::filesystem::temp_directory_path() / "quire-media-bench-XXXXXX").string();
  if (::mkdtemp(folder_template.data()) == nullptr) return 1;
  const std::filesystem::path folder = folder_template;
  quire::media::Storage storage(folder / "uploads");
  const auto start = std::chrono::steady_clock::now();
  auto media = quire::media::StoreUpload(
      storage, quire::media::ImageSizes{},
      quire::media::Upload{.client_name = std::filesystem::path(path).filename().string(),
                           .bytes = bytes,
                           .time = 1'794'000'000});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int rc = 0;
  if (!media) {
    std::printf("refused after %.2f s: %s\n", seconds, media.error().message.c_str());
    rc = 2;
  } else {
    std::printf("stored %s (%dx%d, %lld bytes) with %zu variants in %.2f s\n", media->file.c_str(),
                media->width, media->height, static_cast<long long>(media->bytes),
                media->variants.size(), seconds);
  }
  std::filesystem::remove_all(folder);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "make" && (argc == 5 || argc == 6)) {
    return Make(std::atoi(argv[2]), std::atoi(argv[3]), argv[4],
                argc == 6 ? std::atof(argv[5]) : 0);
  }
  if (command == "store" && argc == 3) return Store(argv[2]);
  std::fprintf(stderr, "usage: quire_media_upload make WIDTH HEIGHT OUT [NOISE] | store FILE\n");
  return 64;
}
