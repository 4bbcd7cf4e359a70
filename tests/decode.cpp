#include "decode.hpp"

#include <cairo.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace test {
namespace {

std::string av_error(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

int av_check(int ret, const std::string& doing) {
  if (ret < 0) throw std::runtime_error("decode: " + doing + ": " + av_error(ret));
  return ret;
}

struct InputCloser {
  void operator()(AVFormatContext* format) const noexcept { avformat_close_input(&format); }
};
struct CodecFree {
  void operator()(AVCodecContext* codec) const noexcept { avcodec_free_context(&codec); }
};
struct FrameFree {
  void operator()(AVFrame* frame) const noexcept { av_frame_free(&frame); }
};
struct PacketFree {
  void operator()(AVPacket* packet) const noexcept { av_packet_free(&packet); }
};
struct SwsFree {
  void operator()(SwsContext* sws) const noexcept { sws_freeContext(sws); }
};

double seconds(std::int64_t ticks, AVRational time_base) { return double(ticks) * av_q2d(time_base); }

bool is_yuv(AVPixelFormat format) {
  const AVPixFmtDescriptor* descriptor = av_pix_fmt_desc_get(format);
  return descriptor && !(descriptor->flags & AV_PIX_FMT_FLAG_RGB) && !(descriptor->flags & AV_PIX_FMT_FLAG_PAL) &&
         descriptor->nb_components >= 3;
}

// Converts a decoded frame to RGBA with libswscale, honouring the frame's colour matrix and range.
class ToRgba {
 public:
  Image convert(const AVFrame* frame) {
    const auto format = AVPixelFormat(frame->format);
    sws_.reset(sws_getCachedContext(sws_.release(), frame->width, frame->height, format, frame->width,
                                    frame->height, AV_PIX_FMT_RGBA,
                                    SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr,
                                    nullptr));
    if (!sws_) throw std::runtime_error("decode: cannot convert this pixel format to RGBA");
    if (is_yuv(format)) {
      // swscale assumes BT.601 unless told otherwise; SWS_CS_* share AVColorSpace's numbering.
      const int space = frame->colorspace == AVCOL_SPC_UNSPECIFIED ? SWS_CS_DEFAULT : int(frame->colorspace);
      const int* coefficients = sws_getCoefficients(space);
      const int full_range = frame->color_range == AVCOL_RANGE_JPEG ? 1 : 0;
      sws_setColorspaceDetails(sws_.get(), coefficients, full_range, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0,
                               1 << 16, 1 << 16);
    }
    Image image;
    image.width = frame->width;
    image.height = frame->height;
    image.rgba.resize(std::size_t(frame->width) * std::size_t(frame->height) * 4);
    std::uint8_t* destination[4] = {image.rgba.data(), nullptr, nullptr, nullptr};
    const int destination_stride[4] = {frame->width * 4, 0, 0, 0};
    sws_scale(sws_.get(), frame->data, frame->linesize, 0, frame->height, destination, destination_stride);
    return image;
  }

 private:
  std::unique_ptr<SwsContext, SwsFree> sws_;
};

}  // namespace

namespace {
// A file's video stream with a decoder open on it.
struct VideoInput {
  std::unique_ptr<AVFormatContext, InputCloser> format;
  int stream_index = -1;
  const AVStream* stream = nullptr;
  std::unique_ptr<AVCodecContext, CodecFree> decoder;
};

VideoInput open_video(const std::filesystem::path& path) {
  AVFormatContext* raw_format = nullptr;
  av_check(avformat_open_input(&raw_format, path.c_str(), nullptr, nullptr), "opening " + path.string());
  VideoInput in{std::unique_ptr<AVFormatContext, InputCloser>(raw_format), -1, nullptr, nullptr};
  av_check(avformat_find_stream_info(in.format.get(), nullptr), "reading stream info");
  const AVCodec* codec = nullptr;
  in.stream_index =
      av_check(av_find_best_stream(in.format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0), "finding a video stream");
  in.stream = in.format->streams[in.stream_index];
  if (!codec) throw std::runtime_error("decode: no decoder for the video stream");
  in.decoder.reset(avcodec_alloc_context3(codec));
  if (!in.decoder) throw std::runtime_error("decode: cannot allocate a decoder");
  av_check(avcodec_parameters_to_context(in.decoder.get(), in.stream->codecpar), "setting up the decoder");
  in.decoder->thread_count = 1;
  in.decoder->pkt_timebase = in.stream->time_base;
  av_check(avcodec_open2(in.decoder.get(), codec, nullptr), "opening the decoder");
  return in;
}
}  // namespace

Image seek_frame(const std::filesystem::path& path, double seconds_in) {
  VideoInput in = open_video(path);
  const std::int64_t target = std::llround(seconds_in * in.stream->time_base.den / in.stream->time_base.num);
  av_check(av_seek_frame(in.format.get(), in.stream_index, target, AVSEEK_FLAG_BACKWARD), "seeking");
  avcodec_flush_buffers(in.decoder.get());
  std::unique_ptr<AVPacket, PacketFree> packet(av_packet_alloc());
  std::unique_ptr<AVFrame, FrameFree> frame(av_frame_alloc());
  ToRgba to_rgba;
  bool flushed = false;
  while (true) {
    const int got = avcodec_receive_frame(in.decoder.get(), frame.get());
    if (got == 0) {
      const std::int64_t pts = frame->best_effort_timestamp != AV_NOPTS_VALUE ? frame->best_effort_timestamp : frame->pts;
      if (pts >= target) return to_rgba.convert(frame.get());  // the first frame on screen from `seconds` on
      av_frame_unref(frame.get());
      continue;
    }
    if (got == AVERROR_EOF) throw std::runtime_error("seek_frame: no frame at or after the time");
    if (got != AVERROR(EAGAIN)) av_check(got, "decoding a frame");
    if (flushed) throw std::runtime_error("seek_frame: the decoder ran dry");
    const int read = av_read_frame(in.format.get(), packet.get());
    if (read == AVERROR_EOF) {
      av_check(avcodec_send_packet(in.decoder.get(), nullptr), "flushing the decoder");
      flushed = true;
      continue;
    }
    av_check(read, "reading a packet");
    if (packet->stream_index == in.stream_index)
      av_check(avcodec_send_packet(in.decoder.get(), packet.get()), "sending a packet to the decoder");
    av_packet_unref(packet.get());
  }
}

DecodedVideo decode_video(const std::filesystem::path& path) {
  VideoInput in = open_video(path);
  const auto& format = in.format;
  const auto& decoder = in.decoder;
  const int stream_index = in.stream_index;
  const AVStream* stream = in.stream;

  DecodedVideo video;
  video.format_name = format->iformat->name;
  video.codec_id = int(stream->codecpar->codec_id);
  video.codec_name = avcodec_get_name(stream->codecpar->codec_id);
  const char* pix_fmt_name = av_get_pix_fmt_name(AVPixelFormat(stream->codecpar->format));
  video.pix_fmt = pix_fmt_name ? pix_fmt_name : "";
  video.width = stream->codecpar->width;
  video.height = stream->codecpar->height;
  video.time_base_num = stream->time_base.num;
  video.time_base_den = stream->time_base.den;
  if (format->duration != AV_NOPTS_VALUE) video.container_duration = double(format->duration) / AV_TIME_BASE;
  if (stream->duration != AV_NOPTS_VALUE) video.stream_duration = seconds(stream->duration, stream->time_base);
  if (stream->codecpar->color_space != AVCOL_SPC_UNSPECIFIED)
    video.color_space = av_color_space_name(stream->codecpar->color_space);

  std::map<std::int64_t, std::int64_t> packet_durations;  // by pts
  std::int64_t next_pts = 0;  // for packets without a pts: the running sum of durations
  std::unique_ptr<AVPacket, PacketFree> packet(av_packet_alloc());
  std::unique_ptr<AVFrame, FrameFree> frame(av_frame_alloc());
  if (!packet || !frame) throw std::runtime_error("decode: out of memory");
  ToRgba to_rgba;

  const auto receive = [&] {
    while (true) {
      const int ret = avcodec_receive_frame(decoder.get(), frame.get());
      if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return;
      av_check(ret, "decoding a frame");
      DecodedFrame decoded;
      static_cast<Image&>(decoded) = to_rgba.convert(frame.get());
      std::int64_t pts = frame->best_effort_timestamp;
      if (pts == AV_NOPTS_VALUE) pts = frame->pts;
      if (pts == AV_NOPTS_VALUE)
        pts = video.frames.empty() ? 0 : video.frames.back().pts_ticks + video.frames.back().duration_ticks;
      decoded.pts_ticks = pts;
      const auto found = packet_durations.find(pts);
      decoded.duration_ticks = found != packet_durations.end() ? found->second : 0;
      decoded.pts = seconds(decoded.pts_ticks, stream->time_base);
      decoded.duration = seconds(decoded.duration_ticks, stream->time_base);
      decoded.key = frame->key_frame;
      // A pixel left transparent shows the picture below it: the previous frame.
      if (!video.frames.empty()) {
        const Image& previous = video.frames.back();
        if (previous.width == decoded.width && previous.height == decoded.height)
          for (std::size_t i = 0; i < decoded.rgba.size(); i += 4)
            if (decoded.rgba[i + 3] < 255) {
              const double a = decoded.rgba[i + 3] / 255.0;
              for (std::size_t c = 0; c < 4; ++c)
                decoded.rgba[i + c] = std::uint8_t(std::lround(a * decoded.rgba[i + c] + (1 - a) * previous.rgba[i + c]));
              ++video.transparent_pixels_composited;
            }
      }
      if (video.pix_fmt.empty())
        if (const char* name = av_get_pix_fmt_name(AVPixelFormat(frame->format))) video.pix_fmt = name;
      video.frames.push_back(std::move(decoded));
      av_frame_unref(frame.get());
    }
  };

  while (true) {
    const int ret = av_read_frame(format.get(), packet.get());
    if (ret == AVERROR_EOF) break;
    av_check(ret, "reading a packet");
    if (packet->stream_index == stream_index) {
      if (packet->pts == AV_NOPTS_VALUE) packet->pts = next_pts;
      packet_durations[packet->pts] = packet->duration;
      next_pts = packet->pts + packet->duration;
      av_check(avcodec_send_packet(decoder.get(), packet.get()), "sending a packet to the decoder");
      receive();
    }
    av_packet_unref(packet.get());
  }
  av_check(avcodec_send_packet(decoder.get(), nullptr), "flushing the decoder");
  receive();
  return video;
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream stream(path, std::ios::binary);
  if (!stream) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

std::size_t frame_at(const DecodedVideo& video, double seconds) {
  if (video.frames.empty()) throw std::runtime_error("frame_at: no frames");
  std::size_t k = 0;
  while (k + 1 < video.frames.size() && video.frames[k + 1].pts <= seconds + 1e-9) ++k;
  return k;
}

std::vector<bool> keyframes_every(const std::vector<double>& starts, double interval) {
  std::vector<bool> keys;
  double last_key = 0;
  for (const double start : starts) {
    keys.push_back(keys.empty() || start - last_key >= interval - 1e-9);
    if (keys.back()) last_key = start;
  }
  return keys;
}

namespace {
// Sequential reader over a byte string that throws when running off the end.
class Bytes {
 public:
  explicit Bytes(const std::string& data) : data_(data) {}
  bool done() const { return pos_ >= data_.size(); }
  std::size_t pos() const { return pos_; }
  int byte() {
    need(1);
    return static_cast<unsigned char>(data_[pos_++]);
  }
  int le16() {
    const int low = byte();
    return low | (byte() << 8);
  }
  std::string take(std::size_t n) {
    need(n);
    std::string out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  void skip(std::size_t n) {
    need(n);
    pos_ += n;
  }

 private:
  void need(std::size_t n) const {
    if (data_.size() - pos_ < n) throw std::runtime_error("GIF: unexpected end of file");
  }
  const std::string& data_;
  std::size_t pos_ = 0;
};

// Sub-blocks: a size byte then that many bytes, until a zero size. Returns them concatenated.
std::vector<std::string> read_sub_blocks(Bytes& in) {
  std::vector<std::string> blocks;
  for (int size = in.byte(); size != 0; size = in.byte()) blocks.push_back(in.take(std::size_t(size)));
  return blocks;
}
}  // namespace

GifStructure read_gif_structure(const std::filesystem::path& path) {
  const std::string data = read_bytes(path);
  Bytes in(data);
  const std::string signature = in.take(6);
  if (signature != "GIF89a" && signature != "GIF87a") throw std::runtime_error("GIF: bad signature");
  GifStructure gif;
  gif.width = in.le16();
  gif.height = in.le16();
  const int packed = in.byte();
  in.skip(2);  // background colour index, pixel aspect ratio
  if (packed & 0x80) in.skip(3u << ((packed & 7) + 1));
  int pending_delay = 0;  // of the next image; 0 until a Graphic Control Extension sets it
  while (!in.done()) {
    const int introducer = in.byte();
    if (introducer == 0x3B) {
      gif.has_trailer = true;
      break;
    }
    if (introducer == 0x21) {
      const int label = in.byte();
      const std::vector<std::string> blocks = read_sub_blocks(in);
      if (label == 0xF9) {
        if (blocks.empty() || blocks[0].size() != 4) throw std::runtime_error("GIF: bad graphic control extension");
        const auto& b = blocks[0];
        pending_delay = static_cast<unsigned char>(b[1]) | (static_cast<unsigned char>(b[2]) << 8);
      } else if (label == 0xFF && !blocks.empty() && blocks[0] == "NETSCAPE2.0") {
        if (blocks.size() < 2 || blocks[1].size() != 3 || blocks[1][0] != 1)
          throw std::runtime_error("GIF: bad NETSCAPE2.0 extension");
        gif.loop_count = static_cast<unsigned char>(blocks[1][1]) | (static_cast<unsigned char>(blocks[1][2]) << 8);
      }
      continue;
    }
    if (introducer == 0x2C) {
      in.skip(8);  // left, top, width, height
      const int image_packed = in.byte();
      if (image_packed & 0x80) in.skip(3u << ((image_packed & 7) + 1));
      in.skip(1);  // LZW minimum code size
      read_sub_blocks(in);
      ++gif.image_count;
      gif.delays_cs.push_back(pending_delay);
      pending_delay = 0;
      continue;
    }
    throw std::runtime_error("GIF: unknown block introducer at byte " + std::to_string(in.pos() - 1));
  }
  return gif;
}

std::optional<int> find_netscape_loop(const std::string& bytes) {
  static const std::string marker = std::string("NETSCAPE2.0") + char(0x03) + char(0x01);
  const std::size_t at = bytes.find(marker);
  if (at == std::string::npos || at + marker.size() + 2 > bytes.size()) return std::nullopt;
  const std::size_t p = at + marker.size();
  return static_cast<unsigned char>(bytes[p]) | (static_cast<unsigned char>(bytes[p + 1]) << 8);
}

std::vector<Mp4Box> read_mp4_boxes(const std::filesystem::path& path) {
  const std::string data = read_bytes(path);
  const auto be = [&](std::size_t at, int n) {
    std::uint64_t value = 0;
    for (int i = 0; i < n; ++i) value = (value << 8) | static_cast<unsigned char>(data[at + std::size_t(i)]);
    return value;
  };
  std::vector<Mp4Box> boxes;
  std::uint64_t offset = 0;
  while (offset < data.size()) {
    if (data.size() - offset < 8) throw std::runtime_error("MP4: truncated box header");
    std::uint64_t size = be(offset, 4);
    const std::string type = data.substr(offset, 8).substr(4);
    if (size == 1) {
      if (data.size() - offset < 16) throw std::runtime_error("MP4: truncated large box header");
      size = be(offset + 8, 8);
    } else if (size == 0) {
      size = data.size() - offset;  // to the end of the file
    }
    if (size < 8 || size > data.size() - offset) throw std::runtime_error("MP4: bad size of box " + type);
    boxes.push_back({type, offset, size});
    offset += size;
  }
  return boxes;
}

namespace {
std::uint8_t unpremultiply(std::uint32_t channel, std::uint32_t alpha) {
  if (alpha == 0) return 0;
  return std::uint8_t(std::min<std::uint32_t>(255, (channel * 255 + alpha / 2) / alpha));
}

void put_argb32(std::uint32_t pixel, bool has_alpha, std::uint8_t* out) {
  const std::uint32_t a = has_alpha ? pixel >> 24 : 255;
  out[0] = unpremultiply((pixel >> 16) & 0xff, a);
  out[1] = unpremultiply((pixel >> 8) & 0xff, a);
  out[2] = unpremultiply(pixel & 0xff, a);
  out[3] = std::uint8_t(a);
}
}  // namespace

Image load_png(const std::filesystem::path& path) {
  cairo_surface_t* surface = cairo_image_surface_create_from_png(path.c_str());
  const std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> owner(surface, cairo_surface_destroy);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error("cannot read PNG " + path.string() + ": " +
                             cairo_status_to_string(cairo_surface_status(surface)));
  const cairo_format_t format = cairo_image_surface_get_format(surface);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    throw std::runtime_error("PNG " + path.string() + " decoded to an unexpected Cairo format");
  cairo_surface_flush(surface);
  Image image;
  image.width = cairo_image_surface_get_width(surface);
  image.height = cairo_image_surface_get_height(surface);
  image.rgba.resize(std::size_t(image.width) * std::size_t(image.height) * 4);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; y < image.height; ++y)
    for (int x = 0; x < image.width; ++x) {
      std::uint32_t pixel;
      std::memcpy(&pixel, data + std::size_t(y) * stride + std::size_t(x) * 4, 4);
      put_argb32(pixel, format == CAIRO_FORMAT_ARGB32, image.rgba.data() + (std::size_t(y) * image.width + x) * 4);
    }
  return image;
}

Image from_argb32(const convanim::MemoryOutput::Frame& frame) {
  Image image;
  image.width = frame.width;
  image.height = frame.height;
  image.rgba.resize(frame.pixels.size() * 4);
  for (std::size_t i = 0; i < frame.pixels.size(); ++i) put_argb32(frame.pixels[i], true, image.rgba.data() + i * 4);
  return image;
}

namespace {
void require_same_size(const Image& a, const Image& b) {
  if (a.width != b.width || a.height != b.height || a.rgba.size() != b.rgba.size())
    throw std::invalid_argument("images of different sizes");
}
}  // namespace

std::array<double, 3> mean_abs_error(const Image& a, const Image& b) {
  require_same_size(a, b);
  std::array<double, 3> sum{};
  for (std::size_t i = 0; i < a.rgba.size(); i += 4)
    for (std::size_t c = 0; c < 3; ++c) sum[c] += std::abs(int(a.rgba[i + c]) - int(b.rgba[i + c]));
  const double pixels = double(a.rgba.size() / 4);
  for (double& s : sum) s /= pixels;
  return sum;
}

double psnr(const Image& a, const Image& b) {
  require_same_size(a, b);
  double squared = 0;
  for (std::size_t i = 0; i < a.rgba.size(); i += 4)
    for (std::size_t c = 0; c < 3; ++c) {
      const double d = double(a.rgba[i + c]) - double(b.rgba[i + c]);
      squared += d * d;
    }
  const double mse = squared / (double(a.rgba.size() / 4) * 3);
  if (mse == 0) return std::numeric_limits<double>::infinity();
  return 10 * std::log10(255.0 * 255.0 / mse);
}

}  // namespace test
