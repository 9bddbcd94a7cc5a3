using System.Management.Automation.Host;

namespace LinuxNetPS.PowerShell.Tests.Support;

/// <summary>
/// The little of a console the formatter asks for: its width (tables are laid out to it).
/// There is no screen buffer: reading or writing cells is not supported, like a redirected console.
/// </summary>
internal sealed class CaptureHostRawUserInterface : PSHostRawUserInterface
{
    private readonly int _width;

    public CaptureHostRawUserInterface(int width) => _width = width;

    public override Size BufferSize { get => new(_width, int.MaxValue / 2); set { } }
    public override Size WindowSize { get => new(_width, 50); set { } }
    public override Size MaxWindowSize => new(_width, 50);
    public override Size MaxPhysicalWindowSize => new(_width, 50);
    public override Coordinates CursorPosition { get; set; }
    public override Coordinates WindowPosition { get; set; }
    public override int CursorSize { get; set; }
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override string WindowTitle { get; set; } = "";
    public override bool KeyAvailable => false;

    public override void FlushInputBuffer() { }
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("This host has no keyboard input.");
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException("This host has no screen buffer.");
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
}
