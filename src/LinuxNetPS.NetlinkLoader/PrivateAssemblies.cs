using System.Reflection;
using System.Runtime.Loader;

namespace LinuxNetPS;

/// <summary>
/// The module's third-party assemblies (YamlDotNet, and LinuxNetPS.Yaml.dll that uses it) live in the module folder's
/// private/ and load into this AssemblyLoadContext, never into the default one: another module that brings its own
/// YamlDotNet (any version, loaded before or after us) keeps its copy and we keep ours. This is the pattern
/// PowerShell's documentation gives for dependency conflicts. The one assembly both sides share is the core library,
/// already loaded in the default context: a reference to it from private/ resolves to that very assembly, so the
/// reader LinuxNetPS.Yaml.dll makes is the core's ILabYamlReader and its trees are the core's types.
/// </summary>
internal sealed class PrivateAssemblies : AssemblyLoadContext
{
    private static readonly object Gate = new();
    private static PrivateAssemblies? _loaded;

    private readonly string _folder;
    private readonly Assembly _core;

    private PrivateAssemblies(string folder, Assembly core) : base("LinuxNetPS.Private")
    {
        _folder = folder;
        _core = core;
    }

    /// <summary>
    /// Once per process (Import-Module -Force and a second runspace find it done): loads LinuxNetPS.Yaml.dll here and
    /// registers its reader with the core. YamlDotNet itself loads only when the first YAML file is read.
    /// </summary>
    public static void Load(string moduleFolder, Assembly core)
    {
        lock (Gate)
        {
            if (_loaded is not null) return;
            string folder = Path.Combine(moduleFolder, "private");
            string yaml = Path.Combine(folder, "LinuxNetPS.Yaml.dll");
            if (!File.Exists(yaml)) return; // the core then says that YAML needs this assembly
            var context = new PrivateAssemblies(folder, core);
            var reader = context.LoadFromAssemblyPath(yaml).GetType("LinuxNetPS.Yaml.YamlDotNetLabReader", throwOnError: true)!;
            reader.GetMethod("Register", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null);
            _loaded = context;
        }
    }

    /// <summary>The core library is shared; whatever else private/ holds is ours; the rest (the framework) comes from the default context.</summary>
    protected override Assembly? Load(AssemblyName name)
    {
        if (string.Equals(name.Name, _core.GetName().Name, StringComparison.Ordinal)) return _core;
        string path = Path.Combine(_folder, name.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
