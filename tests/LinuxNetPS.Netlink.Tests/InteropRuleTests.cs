using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using LinuxNetPS.Errors;
using LinuxNetPS.Interop;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// The interop rules (issue 19), held over the source under src/ and over the built core library:
/// errno is compared as the <see cref="Errno"/> enum, never as a number, and read from the OS in one place;
/// native functions are declared only in Interop/; <see cref="FileDescriptor"/> is the one SafeHandle for
/// descriptors; the constants of <see cref="Sys"/> are the C headers' numbers. Every check also runs on a
/// sample that breaks its rule, so a check that has stopped matching anything cannot pass unnoticed.
/// </summary>
public class InteropRuleTests
{
    private const string InteropFolder = "src/LinuxNetPS.Netlink/Interop/";

    // ---------------------------------------------------------------- errno as a number

    /// <summary>Ways of treating an errno as a number. Each one names what it catches.</summary>
    private static readonly (string Why, Regex Pattern)[] NumericErrno =
    [
        ("the int Errno property compared", new(@"\.Errno\s*(==|!=|<=|>=|<\s*-?\d|>\s*-?\d|\bis\b|\bswitch\b)")),
        ("an errno compared with a number", new(@"(?i)\berrno\w*\s*(==|!=|<=|>=|<|>)\s*\(?\s*-?\d")),
        ("an errno matched against a number", new(@"(?i)\berrno\w*\s+is\s+(not\s+)?\(?\s*([<>]=?\s*)?-?\d")),
        ("an errno turned into an int", new(@"\(\s*int\s*\)\s*\(?\s*([\w?]+\.)*(Errno|ErrnoCode|errno\w*)\b")),
        ("an errno held in an int", new(@"(?i)\bint\s+\w*errno\w*\s*(=(?![=>])|;)")),
        ("an errno number declared again", new(@"\b(" + string.Join("|", Enum.GetNames<Errno>().Where(n => n != "None")) + @")\s*=\s*-?\d")),
        ("errno read from the OS outside Interop.cs", new(@"Marshal\.GetLast(PInvoke|Win32|System)Error")),
    ];

    /// <summary>
    /// The conversions to a number that are the point: the public int view and strerror's argument, and the compatible
    /// overloads for callers that hold the number. Each entry must still match (see the test), so none outlives its line.
    /// </summary>
    private static readonly (string File, string Line)[] NumericErrnoAllowed =
    [
        ("src/LinuxNetPS.Netlink/Errors/NetOperationException.cs", "public int Errno => (int)ErrnoCode;"),
        ("src/LinuxNetPS.Netlink/Errors/NetOperationException.cs", "public NetOperationException(NetErrorKind kind, string message, int errno = 0, string? kernelMessage = null,"),
        ("src/LinuxNetPS.Netlink/Errors/ErrnoMapper.cs", "string text = new System.ComponentModel.Win32Exception((int)errno).Message;"), // strerror()
        ("src/LinuxNetPS.Netlink/Errors/Errno.cs", null!), // the enum itself declares the numbers
        ("src/LinuxNetPS.Netlink/Interop/Interop.cs", "internal static Errno LastErrno() => (Errno)Marshal.GetLastPInvokeError();"),
    ];

    private static List<string> NumericErrnoUses(string file, string code) =>
        Hits(code, NumericErrno).Where(hit => !NumericErrnoAllowed.Any(a => a.File == file && (a.Line is null || hit.Line == a.Line)))
            .Select(hit => $"{file}:{hit.Number}: {hit.Why}: {hit.Line}").ToList();

    [Fact]
    public void Errno_IsNeverComparedOrHeldAsANumber_InAnySourceFile()
    {
        var found = SourceFiles().SelectMany(f => NumericErrnoUses(f.Path, f.Code)).ToList();
        Assert.True(found.Count == 0, "errno as a number (compare ErrnoCode or an Errno value instead):\n" + string.Join("\n", found));
    }

    [Fact]
    public void Errno_Rule_CatchesEachWayOfUsingANumber()
    {
        string[] violations =
        [
            "if (e.Errno == 19) return;",
            "catch (NetOperationException e) when (e.Errno is 17 or 2) { }",
            "return e.Errno switch { 17 => a, _ => b };",
            "if (errno == 4) continue;",
            "if (e.ErrnoCode == 0) return;",
            "if (errno is not 11) throw;",
            "if ((int)e.ErrnoCode == 19) return;",
            "return (int)Errno.ENODEV;",
            "int errno = ObserveSys.LastErrno;",
            "internal const int EINTR = 4, EAGAIN = 11, ENOBUFS = 105;",
            "int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();",
            "var e = Marshal.GetLastWin32Error();",
        ];
        foreach (var line in violations)
            Assert.True(NumericErrnoUses("src/Sample.cs", line).Count > 0, $"not caught: {line}");

        string[] typed =
        [
            "catch (NetOperationException e) when (e.ErrnoCode is Errno.ENOENT or Errno.EOPNOTSUPP) { }",
            "if (errno == Errno.EINTR) continue;",
            "var errno = Sys.LastErrno();",
            "throw new NetOperationException(kind, message, e.Errno, e.KernelMessage);", // passed on, not compared
            "if (e.ErrnoCode != Errno.None) return;",
            "int size = ReceiveDatagram(p, 0, Sys.MSG_PEEK, operation);",
        ];
        foreach (var line in typed)
            Assert.True(NumericErrnoUses("src/Sample.cs", line).Count == 0, $"caught, but typed: {line}");

        // The allowed lines are allowed only where they are, and each one still exists.
        Assert.NotEmpty(NumericErrnoUses("src/Sample.cs", "public int Errno => (int)ErrnoCode;"));
        var sources = SourceFiles().ToDictionary(f => f.Path, f => f.Code);
        foreach (var (file, line) in NumericErrnoAllowed.Where(a => a.Line is not null))
            Assert.True(sources.TryGetValue(file, out var code) && code.Contains(line), $"allowed line gone, remove it from the list: {file}: {line}");
    }

    // ---------------------------------------------------------------- native functions only in Interop/

    private static readonly (string Why, Regex Pattern)[] NativeDeclaration =
    [
        ("a [LibraryImport]/[DllImport]", new(@"\b(LibraryImport|DllImport)(Attribute)?\b")),
        ("an extern method", new(@"\bextern\s+(?!alias\b)[\w<>\[\]*?]+\s+\w+\s*\(")),
        ("a function looked up by hand", new(@"\bNativeLibrary\s*\.\s*(Load|TryLoad|GetExport|TryGetExport)\b")),
    ];

    private static List<string> NativeDeclarationsOutsideInterop(string file, string code) =>
        file.StartsWith(InteropFolder, StringComparison.Ordinal) ? []
            : Hits(code, NativeDeclaration).Select(hit => $"{file}:{hit.Number}: {hit.Why}: {hit.Line}").ToList();

    [Fact]
    public void NativeFunctions_AreDeclaredOnlyInInterop()
    {
        var found = SourceFiles().SelectMany(f => NativeDeclarationsOutsideInterop(f.Path, f.Code)).ToList();
        Assert.True(found.Count == 0, $"native declarations outside {InteropFolder} (add the function to Sys there):\n" + string.Join("\n", found));

        // The compiled library agrees (the source generator's own P/Invoke stubs included): every P/Invoke is Sys's.
        var owners = typeof(Sys).Assembly.GetTypes()
            .Where(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Any(m => m.Attributes.HasFlag(MethodAttributes.PinvokeImpl)))
            .Select(t => t.FullName).ToList();
        Assert.Equal(new[] { typeof(Sys).FullName }, owners);
    }

    [Fact]
    public void NativeFunctions_Rule_CatchesDeclarationsOutsideInterop()
    {
        string faultPoint = """
            [System.Runtime.InteropServices.LibraryImport(Interop.Sys.Libc, EntryPoint = "kill")]
            private static partial int Kill(int pid, int signal);
            """;
        Assert.NotEmpty(NativeDeclarationsOutsideInterop("src/LinuxNetPS.Netlink/Namespaces/FaultPoint.cs", faultPoint));
        Assert.NotEmpty(NativeDeclarationsOutsideInterop("src/LinuxNetPS/Thing.cs", "[DllImport(\"libc\")] static extern int getpid();"));
        Assert.NotEmpty(NativeDeclarationsOutsideInterop("src/LinuxNetPS/Thing.cs", "private static extern int getpid();"));
        Assert.NotEmpty(NativeDeclarationsOutsideInterop("src/LinuxNetPS/Thing.cs", "var f = NativeLibrary.GetExport(h, \"poll\");"));
        Assert.Empty(NativeDeclarationsOutsideInterop(InteropFolder + "Interop.Poll.cs", faultPoint));
        Assert.Empty(NativeDeclarationsOutsideInterop("src/LinuxNetPS/Thing.cs", "Sys.Kill(Environment.ProcessId, 9);"));
    }

    // ---------------------------------------------------------------- one SafeHandle for descriptors

    private static readonly Regex SafeHandleSubclass =
        new(@"\bclass\s+(?<name>\w+)(\s*<[^>]*>)?\s*:\s*([\w.]+\.)?(SafeHandle\w*|SafeFileHandle|CriticalHandle\w*)\b");

    private static List<string> SecondHandleTypes(IEnumerable<Type> types) =>
        types.Where(t => (typeof(SafeHandle).IsAssignableFrom(t) || typeof(CriticalHandle).IsAssignableFrom(t)) && t != typeof(FileDescriptor))
            .Select(t => t.FullName!).ToList();

    private static List<string> SecondHandleDeclarations(string file, string code) =>
        SafeHandleSubclass.Matches(StripComments(code)).Where(m => m.Groups["name"].Value != nameof(FileDescriptor))
            .Select(m => $"{file}: {m.Value}").ToList();

    [Fact]
    public void FileDescriptor_IsTheOneSafeHandleType()
    {
        Assert.Empty(SecondHandleTypes(typeof(Sys).Assembly.GetTypes()));
        var declared = SourceFiles().SelectMany(f => SecondHandleDeclarations(f.Path, f.Code)).ToList();
        Assert.True(declared.Count == 0, "a second handle type (use FileDescriptor):\n" + string.Join("\n", declared));
        Assert.True(typeof(FileDescriptor).IsSealed);
    }

    private sealed class SecondDescriptor() : SafeHandle(-1, true)
    {
        public override bool IsInvalid => true;
        protected override bool ReleaseHandle() => true;
    }

    [Fact]
    public void FileDescriptor_Rule_CatchesASecondHandleType()
    {
        Assert.Equal(new[] { typeof(SecondDescriptor).FullName! }, SecondHandleTypes([typeof(FileDescriptor), typeof(SecondDescriptor), typeof(string)]));
        Assert.NotEmpty(SecondHandleDeclarations("src/X.cs", "internal sealed class OwnedSocket : SafeHandle\n{"));
        Assert.NotEmpty(SecondHandleDeclarations("src/X.cs", "sealed class Ring : Microsoft.Win32.SafeHandles.SafeHandleMinusOneIsInvalid {"));
        Assert.Empty(SecondHandleDeclarations("src/X.cs", "internal sealed class FileDescriptor : SafeHandle\n{"));
    }

    // ---------------------------------------------------------------- constants from the headers

    /// <summary>Every C-named constant of <see cref="Sys"/> (MSG_PEEK, SOL_NETLINK, POLLIN ...), with our value.</summary>
    private static List<(string C, long Ours)> SysConstants() =>
        typeof(Sys).GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(f => f.IsLiteral && Regex.IsMatch(f.Name, "^[A-Z][A-Z0-9_]+$"))
            .Select(f => (f.Name, f.GetRawConstantValue() switch
            {
                nuint n => (long)n,
                nint n => (long)n,
                var v => Convert.ToInt64(v),
            }))
            .ToList();

    [Fact]
    public void InteropConstants_AreTheHeadersNumbers()
    {
        var ours = SysConstants();
        Assert.Contains(ours, c => c.C == "MSG_PEEK");
        Assert.Contains(ours, c => c.C == "NETLINK_ADD_MEMBERSHIP");
        // A deliberately wrong pair proves the comparison can fail: it must be the one mismatch reported.
        (string C, long Ours) decoy = ("MSG_DONTWAIT", 0x41L);
        var pairs = ours.Append(decoy).ToList();

        var dir = Directory.CreateTempSubdirectory("lnt-sysconst-");
        try
        {
            var source = Path.Combine(dir.FullName, "c.c");
            var lines = new List<string>
            {
                "#define _GNU_SOURCE", "#include <stdio.h>", "#include <fcntl.h>", "#include <sched.h>", "#include <signal.h>",
                "#include <poll.h>", "#include <sys/socket.h>", "#include <sys/mount.h>", "#include <sys/stat.h>", "#include <sys/file.h>",
                "#include <linux/netlink.h>", "#include <linux/if_packet.h>", "#include <linux/if_ether.h>", "#include <linux/nsfs.h>",
                "int main(void) {",
            };
            lines.AddRange(pairs.Select(p => $"  printf(\"%s=%ld\\n\", \"{p.C}\", (long)({p.C}));"));
            lines.Add("  return 0; }");
            File.WriteAllLines(source, lines);
            var exe = Path.Combine(dir.FullName, "c");
            var (code, _, err) = Ip.Exec("gcc", "-o", exe, source);
            Assert.True(code == 0, "gcc failed: " + err);
            var (runCode, output, _) = Ip.Exec(exe);
            Assert.Equal(0, runCode);
            var actual = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('='))
                .Select(p => (p[0], long.Parse(p[1]))).ToList();
            var wrong = pairs.Zip(actual).Where(x => x.First.C != x.Second.Item1 || x.First.Ours != x.Second.Item2)
                .Select(x => $"{x.First.C}: header {x.Second.Item2}, ours {x.First.Ours}").ToList();
            Assert.Equal(new[] { "MSG_DONTWAIT: header 64, ours 65" }, wrong);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    // ---------------------------------------------------------------- reading the source

    /// <summary>The C# files under src/ (build output left out), with paths relative to the repository, '/'-separated.</summary>
    private static IEnumerable<(string Path, string Code)> SourceFiles()
    {
        string root = RepositoryRoot();
        var files = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count > 100, $"only {files.Count} source files found under {root}/src");
        return files.Select(f => (f, File.ReadAllText(Path.Combine(root, f))));
    }

    private static string RepositoryRoot([CallerFilePath] string here = "")
    {
        for (var dir = Path.GetDirectoryName(here); dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "LinuxNetPS.sln"))) return dir;
        throw new DirectoryNotFoundException($"No LinuxNetPS.sln above {here}.");
    }

    private readonly record struct Hit(int Number, string Why, string Line);

    /// <summary>The lines (comments removed, trimmed) that match any of <paramref name="rules"/>, each line once.</summary>
    private static IEnumerable<Hit> Hits(string code, (string Why, Regex Pattern)[] rules)
    {
        var lines = StripComments(code).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            foreach (var (why, pattern) in rules)
                if (pattern.IsMatch(line))
                {
                    yield return new Hit(i + 1, why, line);
                    break;
                }
        }
    }

    /// <summary>
    /// The code with // and /* */ comments blanked out, line breaks kept (so line numbers stay), string literals kept as they are
    /// (a "//" inside a string is not a comment).
    /// </summary>
    private static string StripComments(string code)
    {
        var result = new System.Text.StringBuilder(code.Length);
        int i = 0;
        while (i < code.Length)
        {
            char c = code[i];
            if (c == '"' || c == '\'')
            {
                // A literal: copied up to its closing quote (verbatim and raw strings are close enough for these rules).
                int end = i + 1;
                while (end < code.Length && code[end] != c && code[end] != '\n') end += code[end] == '\\' ? 2 : 1;
                end = Math.Min(end + 1, code.Length);
                result.Append(code, i, end - i);
                i = end;
            }
            else if (c == '/' && i + 1 < code.Length && code[i + 1] == '/')
            {
                while (i < code.Length && code[i] != '\n') i++;
            }
            else if (c == '/' && i + 1 < code.Length && code[i + 1] == '*')
            {
                int end = code.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? code.Length : end + 2;
                foreach (char skipped in code.AsSpan(i, end - i)) if (skipped == '\n') result.Append('\n');
                i = end;
            }
            else
            {
                result.Append(c);
                i++;
            }
        }
        return result.ToString();
    }
}
