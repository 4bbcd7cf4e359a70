#include "renderer/sinks/av_handles.hpp"

#include <fmt/format.h>

namespace convanim {

namespace {
// libav's own log lines would break the one-line errors; its failures reach us as return codes.
const bool libav_quiet = (av_log_set_level(AV_LOG_QUIET), true);

std::string av_error_text(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}
}  // namespace

LibavError::LibavError(int code, std::string_view doing)
    : std::runtime_error(fmt::format("{}: {}", doing, av_error_text(code))), code_(code) {}

int check(int ret, std::string_view doing) {
  if (ret < 0) throw LibavError(ret, doing);
  return ret;
}

FramePtr make_frame() {
  FramePtr frame(av_frame_alloc());
  if (!frame) throw LibavError(AVERROR(ENOMEM), "allocating a frame");
  return frame;
}

PacketPtr make_packet() {
  PacketPtr packet(av_packet_alloc());
  if (!packet) throw LibavError(AVERROR(ENOMEM), "allocating a packet");
  return packet;
}

void OutputFormatFree::operator()(AVFormatContext* format) const noexcept {
  if (header_written) av_write_trailer(format);
  if (format->pb) avio_closep(&format->pb);
  avformat_free_context(format);
}

OutputFormatPtr open_output(const char* format_name, const std::string& path) {
  AVFormatContext* raw = nullptr;
  check(avformat_alloc_output_context2(&raw, nullptr, format_name, path.c_str()),
        fmt::format("setting up the {} muxer", format_name));
  OutputFormatPtr format(raw);
  check(avio_open(&format->pb, path.c_str(), AVIO_FLAG_WRITE), fmt::format("opening {}", path));
  return format;
}

AVStream* start_stream(OutputFormatPtr& format, const AVCodecContext* encoder, AVDictionary* muxer_options,
                       std::string_view name) {
  AVStream* stream = avformat_new_stream(format.get(), nullptr);
  if (!stream) {
    av_dict_free(&muxer_options);
    throw LibavError(AVERROR(ENOMEM), fmt::format("adding the {} stream", name));
  }
  stream->time_base = encoder->time_base;
  int ret = avcodec_parameters_from_context(stream->codecpar, encoder);
  if (ret >= 0) ret = avformat_write_header(format.get(), &muxer_options);
  av_dict_free(&muxer_options);
  check(ret, fmt::format("writing the {} header", name));
  format.get_deleter().header_written = true;
  return stream;
}

void finish_output(OutputFormatPtr& format, std::string_view name) {
  format.get_deleter().header_written = false;
  check(av_write_trailer(format.get()), fmt::format("writing the {} trailer", name));
  format.reset();
}

void encode_and_write(AVCodecContext* codec, const AVFrame* frame, AVFormatContext* format,
                      AVStream* stream, std::int64_t duration) {
  check(avcodec_send_frame(codec, frame), "sending a frame to the encoder");
  PacketPtr packet = make_packet();
  while (true) {
    const int ret = avcodec_receive_packet(codec, packet.get());
    if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) return;
    check(ret, "encoding a frame");
    if (packet->duration == 0) packet->duration = duration;
    av_packet_rescale_ts(packet.get(), codec->time_base, stream->time_base);
    packet->stream_index = stream->index;
    check(av_interleaved_write_frame(format, packet.get()), "writing a packet");
  }
}

}  // namespace convanim
