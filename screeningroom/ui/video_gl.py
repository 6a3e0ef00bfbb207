"""The OpenGL video widget: the player's I420 planes uploaded as three one-channel
textures straight from the decoder's buffer (the row pitch given to GL, no repacking),
converted to RGB by a fragment shader with the frame's colour matrix, drawn as one quad
in the fitted rectangle. A frame is uploaded once however often it is drawn.

If the driver refuses the shader, the widget paints the CPU conversion with QPainter
instead (still correct, costlier) and says so in ``fallback_reason``."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtGui import QMatrix3x3, QOpenGLContext, QVector3D
from PySide6.QtOpenGL import QOpenGLBuffer, QOpenGLShader, QOpenGLShaderProgram, QOpenGLTexture
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QWidget

from screeningroom.player.colour import rgb_from_yuv
from screeningroom.player.types import Frame
from screeningroom.ui.video import FrameSource, Painted, VideoSurface, fit

# GL enums (QOpenGLFunctions takes plain numbers)
_TEXTURE_2D, _TEXTURE0 = 0x0DE1, 0x84C0
_UNPACK_ALIGNMENT, _UNPACK_ROW_LENGTH = 0x0CF5, 0x0CF2
_R8, _RED, _LUMINANCE, _UNSIGNED_BYTE = 0x8229, 0x1903, 0x1909, 0x1401
_MIN_FILTER, _MAG_FILTER, _WRAP_S, _WRAP_T = 0x2801, 0x2800, 0x2802, 0x2803
_LINEAR, _CLAMP_TO_EDGE = 0x2601, 0x812F
_COLOR_BUFFER_BIT, _TRIANGLE_STRIP, _FLOAT = 0x4000, 0x0005, 0x1406

VERTEX = """
attribute vec2 position;
varying vec2 coord;
void main() {
    coord = vec2((position.x + 1.0) * 0.5, (1.0 - position.y) * 0.5);
    gl_Position = vec4(position, 0.0, 1.0);
}
"""
FRAGMENT = """
#ifdef GL_ES
precision mediump float;
#endif
varying vec2 coord;
uniform sampler2D plane_y;
uniform sampler2D plane_u;
uniform sampler2D plane_v;
uniform mat3 to_rgb;
uniform vec3 offset;
void main() {
    vec3 yuv = vec3(texture2D(plane_y, coord).r, texture2D(plane_u, coord).r,
                    texture2D(plane_v, coord).r);
    gl_FragColor = vec4(clamp(to_rgb * (yuv - offset), 0.0, 1.0), 1.0);
}
"""
_QUAD = np.array([-1, -1, 1, -1, -1, 1, 1, 1], np.float32)


def _span(plane: np.ndarray) -> np.ndarray:
    """The bytes from a plane view's first pixel to its last, as one contiguous run of
    the buffer it views (rows ``pitch`` apart): what GL reads with UNPACK_ROW_LENGTH."""
    h, w = plane.shape
    pitch = plane.strides[0]
    return np.lib.stride_tricks.as_strided(plane, shape=((h - 1) * pitch + w,), strides=(1,))


class GLVideoWidget(QOpenGLWidget, VideoSurface):
    painted = Signal(object)  # Painted

    def __init__(self, player: FrameSource | None, parent: QWidget | None = None, *,
                 keep_log: bool = False) -> None:
        super().__init__(parent)
        self.fallback_reason: str | None = None
        self._program: QOpenGLShaderProgram | None = None
        self._textures: list[QOpenGLTexture] = []
        self._quad: QOpenGLBuffer | None = None
        self._uploaded = -1  # index of the frame in the textures
        self._sizes: list[tuple[int, int]] = []
        self._picture: tuple[int, int] | None = None  # its size
        self._matrix = None
        self._attach(player, keep_log)
        self.frameSwapped.connect(self._flushed)

    def detach(self) -> None:
        super().detach()
        self._release_gl()

    def forget(self) -> None:
        self._uploaded = -1
        self._picture = None
        self._image = None

    # -- GL ---------------------------------------------------------------------------
    def initializeGL(self) -> None:
        context = QOpenGLContext.currentContext()
        fmt = context.format()
        self._one_channel = (
            (_R8, _RED) if fmt.majorVersion() >= 3 else (_LUMINANCE, _LUMINANCE)
        )
        self._row_length = fmt.majorVersion() >= 3 or not context.isOpenGLES()
        program = QOpenGLShaderProgram(self)
        ok = (program.addShaderFromSourceCode(QOpenGLShader.ShaderTypeBit.Vertex, VERTEX)
              and program.addShaderFromSourceCode(QOpenGLShader.ShaderTypeBit.Fragment,
                                                  FRAGMENT)
              and program.link())
        if not ok:
            self.fallback_reason = program.log().strip() or "the shader did not link"
            return
        self._program = program
        quad = QOpenGLBuffer(QOpenGLBuffer.Type.VertexBuffer)
        quad.create()
        quad.bind()
        quad.allocate(_QUAD.tobytes(), _QUAD.nbytes)
        quad.release()
        self._quad = quad
        self._textures = []
        for _ in range(3):
            texture = QOpenGLTexture(QOpenGLTexture.Target.Target2D)
            texture.create()
            self._textures.append(texture)
        self._sizes = [(0, 0)] * 3
        self._uploaded = -1
        self.context().aboutToBeDestroyed.connect(self._release_gl)

    def _release_gl(self) -> None:
        if not self._textures and self._quad is None:
            return
        self.makeCurrent()
        for texture in self._textures:
            texture.destroy()
        self._textures = []
        if self._quad is not None:
            self._quad.destroy()
            self._quad = None
        self._program = None
        self.doneCurrent()

    def _upload(self, frame: Frame) -> None:
        f = self.context().functions()
        internal, layout = self._one_channel
        f.glPixelStorei(_UNPACK_ALIGNMENT, 1)
        for unit, (texture, plane) in enumerate(
            zip(self._textures, (frame.y, frame.u, frame.v), strict=True)
        ):
            h, w = plane.shape
            if self._row_length:
                data = _span(plane)
                f.glPixelStorei(_UNPACK_ROW_LENGTH, plane.strides[0])
            else:  # OpenGL ES 2.0 has no row length: repack (a copy) there only
                data = np.ascontiguousarray(plane)
            f.glActiveTexture(_TEXTURE0 + unit)
            f.glBindTexture(_TEXTURE_2D, texture.textureId())
            if self._sizes[unit] != (w, h):
                f.glTexImage2D(_TEXTURE_2D, 0, internal, w, h, 0, layout, _UNSIGNED_BYTE, data)
                for name, value in ((_MIN_FILTER, _LINEAR), (_MAG_FILTER, _LINEAR),
                                    (_WRAP_S, _CLAMP_TO_EDGE), (_WRAP_T, _CLAMP_TO_EDGE)):
                    f.glTexParameteri(_TEXTURE_2D, name, value)
                self._sizes[unit] = (w, h)
            else:
                f.glTexSubImage2D(_TEXTURE_2D, 0, 0, 0, w, h, layout, _UNSIGNED_BYTE, data)
        if self._row_length:
            f.glPixelStorei(_UNPACK_ROW_LENGTH, 0)
        if frame.matrix is not self._matrix:
            affine = rgb_from_yuv(frame.matrix)
            self._matrix = frame.matrix
            self._to_rgb = QMatrix3x3([float(x) for x in affine[:, :3].reshape(-1)])
        self._uploaded = frame.index
        self._picture = (frame.width, frame.height)

    def paintGL(self) -> None:
        started = time.perf_counter()
        if self._program is None:
            self._paint_on_cpu(started)
            return
        f = self.context().functions()
        f.glClearColor(0.0, 0.0, 0.0, 1.0)
        f.glClear(_COLOR_BUFFER_BIT)
        with self._borrow() as frame:
            if frame is None:
                self.forget()
                return
            if frame.index != self._uploaded:
                self._note(frame, started)
                self._upload(frame)
        self._draw()
        self._drawn()

    def _draw(self) -> None:
        if self._picture is None or self._program is None or self._quad is None:
            return
        f = self.context().functions()
        ratio = self.devicePixelRatioF()
        area = fit(*self._picture, self.width() * ratio, self.height() * ratio)
        height = round(self.height() * ratio)
        f.glViewport(round(area.x()), height - round(area.y() + area.height()),
                     round(area.width()), round(area.height()))
        program = self._program
        program.bind()
        for unit, (name, texture) in enumerate(
            zip(("plane_y", "plane_u", "plane_v"), self._textures, strict=True)
        ):
            f.glActiveTexture(_TEXTURE0 + unit)
            f.glBindTexture(_TEXTURE_2D, texture.textureId())
            program.setUniformValue1i(program.uniformLocation(name), unit)
        program.setUniformValue(program.uniformLocation("to_rgb"), self._to_rgb)
        program.setUniformValue(program.uniformLocation("offset"),
                                QVector3D(16 / 255, 128 / 255, 128 / 255))
        self._quad.bind()
        position = program.attributeLocation("position")
        program.enableAttributeArray(position)
        program.setAttributeBuffer(position, _FLOAT, 0, 2, 8)
        f.glDrawArrays(_TRIANGLE_STRIP, 0, 4)
        program.disableAttributeArray(position)
        self._quad.release()
        program.release()
        f.glActiveTexture(_TEXTURE0)


__all__ = ["GLVideoWidget", "Painted"]
