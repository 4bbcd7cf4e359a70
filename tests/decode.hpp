// Test helpers that read back what the renderer wrote, independently of how it was written: video
// files decoded with libavformat/libavcodec (converted to RGBA with libswscale), PNG files through
// Cairo's PNG reader, the blocks of a GIF file and the top-level boxes of an MP4 file parsed from the
// bytes, and the drawn frames (Cairo's premultiplied ARGB32) as the same kind of RGBA image.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "renderer/cairo/raster.hpp"

namespace test {

// An image as straight (not premultiplied) RGBA bytes, row-major, no padding.
struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgba;

  const std::uint8_t* at(int x, int y) const { return rgba.data() + (std::size_t(y) * width + x) * 4; }
  std::array<int, 3> rgb(int x, int y) const {
    const std::uint8_t* p = at(x, y);
    return {p[0], p[1], p[2]};
  }
  int alpha(int x, int y) const { return at(x, y)[3]; }
};

struct DecodedFrame : Image {
  double pts = 0;       // seconds: the frame's presentation time
  double duration = 0;  // seconds: its packet's duration (for a GIF, the frame's delay)
  std::int64_t pts_ticks = 0, duration_ticks = 0;  // the same in the stream's time base
  bool key = false;  // a keyframe, as the decoder flags it (H.264: an IDR picture)
};

struct DecodedVideo {
  std::string format_name;  // the demuxer: "gif", "mov,mp4,m4a,3gp,3g2,mj2"
  int codec_id = 0;         // AVCodecID of the video stream
  std::string codec_name;   // avcodec_get_name(codec_id): "gif", "h264"
  std::string pix_fmt;      // the stream's pixel format ("yuv420p"), else the decoder's output ("bgra")
  int width = 0, height = 0;
  int time_base_num = 0, time_base_den = 1;  // the stream's
  double container_duration = -1;           // seconds (AVFormatContext::duration); -1 when unknown
  double stream_duration = -1;               // seconds (AVStream::duration); -1 when unknown
  std::string color_space;                   // the stream's colour matrix ("bt709"), "" if unspecified
  // Full pictures in presentation order. Pixels the decoder returned transparent (a GIF's
  // "unchanged" pixels, if the decoder did not composite them) are filled from the previous frame.
  std::vector<DecodedFrame> frames;
  std::size_t transparent_pixels_composited = 0;  // how many such pixels were filled in here
};

// Throws std::runtime_error when the file cannot be opened or decoded.
DecodedVideo decode_video(const std::filesystem::path& path);

// The picture a player shows when seeking to `seconds`: the file opened afresh, a seek to the
// keyframe at or before it, then decoding up to the first frame starting at or after it.
Image seek_frame(const std::filesystem::path& path, double seconds);

// The frame on screen `seconds` into the video: the last one starting at or before it.
std::size_t frame_at(const DecodedVideo& video, double seconds);

// The keyframes an MP4 promises for seeking, for frames starting at `starts` (seconds, in order):
// the first frame, then each frame starting at least `interval` seconds after the last keyframe's.
std::vector<bool> keyframes_every(const std::vector<double>& starts, double interval);
// The MP4 writer's keyframe interval, in seconds, as the README promises it.
inline constexpr double mp4_keyframe_interval = 4;

// A GIF file walked block by block (GIF89a): the logical screen, the NETSCAPE2.0 loop extension and
// each image's Graphic Control Extension delay. Throws std::runtime_error on a malformed file.
struct GifStructure {
  int width = 0, height = 0;
  std::optional<int> loop_count;  // none: no NETSCAPE2.0 block (plays once); 0: forever
  std::vector<int> delays_cs;     // one per image, in centiseconds (0 if an image has no GCE)
  std::size_t image_count = 0;
  bool has_trailer = false;
};
GifStructure read_gif_structure(const std::filesystem::path& path);

// The loop count from the bytes "NETSCAPE2.0" 0x03 0x01 <uint16 LE>, searched for anywhere in the
// file (none: absent). A second, structure-blind reading to cross-check read_gif_structure.
std::optional<int> find_netscape_loop(const std::string& bytes);

// Top-level boxes ("atoms") of an ISO BMFF / MP4 file, in file order.
struct Mp4Box {
  std::string type;
  std::uint64_t offset = 0, size = 0;
};
std::vector<Mp4Box> read_mp4_boxes(const std::filesystem::path& path);

std::string read_bytes(const std::filesystem::path& path);

// A PNG file read with cairo_image_surface_create_from_png, unpremultiplied.
Image load_png(const std::filesystem::path& path);

// A frame as drawn (Cairo's premultiplied ARGB32), unpremultiplied.
Image from_argb32(const convanim::MemoryOutput::Frame& frame);

// Mean absolute difference per colour channel (R, G, B), in 0..255; images must be the same size.
std::array<double, 3> mean_abs_error(const Image& a, const Image& b);
// Peak signal-to-noise ratio over R, G and B, in dB (infinity for identical images).
double psnr(const Image& a, const Image& b);

}  // namespace test
