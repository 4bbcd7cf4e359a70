"""The HTML that shows a figure inline in Jupyter: the file embedded, no external file or network."""
import base64
import html as escape
import itertools

_ids = itertools.count()

# Pause, then move one step (its duration in ms) back or on; the middle of a step, so that the
# keyframe shown is that step's.
_STEP_SCRIPT = ("var v=document.getElementById('{id}');v.pause();var d={duration}/1000;"
                "v.currentTime=Math.max(0,Math.min(v.duration-d/2,(Math.floor(v.currentTime/d)+({delta}))*d+d/2));")


def html(data, format, size, duration_ms, name):
    width = size[0]
    encoded = base64.b64encode(data).decode("ascii")
    title = escape.escape(name)
    if format == "gif":
        return f'<img src="data:image/gif;base64,{encoded}" width="{width}" alt="{title}">'
    video_id = f"convanim-{next(_ids)}"

    def button(label, delta):
        script = _STEP_SCRIPT.format(id=video_id, duration=duration_ms, delta=delta)
        return f'<button type="button" onclick="{script}">{label}</button>'

    play = (f"var v=document.getElementById('{video_id}');if(v.paused)v.play();else v.pause();")
    return (f'<div class="convanim-figure">'
            f'<video id="{video_id}" src="data:video/mp4;base64,{encoded}" width="{width}" '
            f'autoplay loop muted playsinline controls title="{title}"></video><br>'
            f'{button("&#9664; step", -1)}<button type="button" onclick="{play}">play / pause</button>'
            f'{button("step &#9654;", 1)}</div>')
