"""Playback: decrypting reader -> libvlc decode -> watermark frame hook -> sink. The only
package that imports ``vlc``."""
