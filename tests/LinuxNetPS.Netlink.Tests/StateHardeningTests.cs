using System.Text.Json;
using LinuxNetPS.Client;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Compose.Networks.State;
using LinuxNetPS.Compose.State;
using LinuxNetPS.Errors;
using LinuxNetPS.Namespaces;
using LinuxNetPS.Tests.Support;
using static LinuxNetPS.Tests.NatTestKit;

namespace LinuxNetPS.Tests;

/// <summary>
/// Issue 27: the state under /run/linuxnetps is root's to act on, so nobody else may shape it (folders checked, files
/// never opened through a planted link), and deletions trust no record: only what provably is ours goes, never from a read.
/// </summary>
public class StateHardeningTests
{
    private static string TempFolder() => Directory.CreateTempSubdirectory("linuxnetps-harden-").FullName;

    [Theory]
    [InlineData("0777", "group or others may write")]
    [InlineData("0775", "group or others may write")]
    [InlineData("1777", "group or others may write")]
    public void AStateFolderOthersCanWriteIn_IsRefused(string mode, string why)
    {
        string dir = TempFolder();
        try
        {
            string state = Path.Combine(dir, "labs");
            Directory.CreateDirectory(state);
            Ip.Exec("chmod", mode, state);
            var e = Assert.Throws<NetOperationException>(() => StateDirectory.EnsureOne(state));
            Assert.Equal(NetErrorKind.PermissionDenied, e.Kind);
            Assert.Equal(ErrorIds.UnsafeStateDirectory, e.ErrorId);
            Assert.Contains(why, e.Message);
            Assert.Contains(state, e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void AStateFolderOwnedBySomeoneElse_OrASymlink_IsRefused_AndAMissingOneIsMade0755()
    {
        string dir = TempFolder();
        try
        {
            string theirs = Path.Combine(dir, "theirs");
            Directory.CreateDirectory(theirs);
            Ip.Exec("chmod", "0755", theirs);
            Ip.Exec("chown", "65534:65534", theirs);
            var e = Assert.Throws<NetOperationException>(() => StateDirectory.EnsureOne(theirs));
            Assert.Equal(ErrorIds.UnsafeStateDirectory, e.ErrorId);
            Assert.Contains("owned by uid 65534", e.Message);

            string link = Path.Combine(dir, "link");
            File.CreateSymbolicLink(link, theirs);
            e = Assert.Throws<NetOperationException>(() => StateDirectory.EnsureOne(link));
            Assert.Equal(ErrorIds.UnsafeStateDirectory, e.ErrorId);
            Assert.Contains("symlink", e.Message);

            string made = Path.Combine(dir, "made");
            StateDirectory.EnsureOne(made);
            Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(made));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void TheLock_IsNeverOpenedThroughASymlink()
    {
        string dir = TempFolder();
        try
        {
            string target = Path.Combine(dir, "precious");
            File.WriteAllText(target, "keep me");
            File.CreateSymbolicLink(Path.Combine(dir, ".lock"), target);
            var e = Assert.Throws<NetOperationException>(() => StateLock.Acquire(Path.Combine(dir, ".lock"), "lab records").Dispose());
            Assert.Equal(NetErrorKind.PermissionDenied, e.Kind);
            Assert.Contains("symlink", e.Message);
            Assert.Contains("lab records", e.Message);
            Assert.Equal("keep me", File.ReadAllText(target));

            File.Delete(Path.Combine(dir, ".lock"));
            File.CreateSymbolicLink(Path.Combine(dir, ".lock"), Path.Combine(dir, "not-there-yet"));
            Assert.Throws<NetOperationException>(() => StateLock.Acquire(Path.Combine(dir, ".lock"), "lab records").Dispose());
            Assert.False(File.Exists(Path.Combine(dir, "not-there-yet"))); // O_CREAT did not follow the dangling link
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task Records_AreWritten0644WithNoTempLeft_AndReadOnlyFromRegularFiles_NeverThroughALinkOrAFifo()
    {
        string dir = TempFolder();
        try
        {
            string path = Path.Combine(dir, "a.json");
            StateFile.WriteAtomically(path, new LabRecord { Name = "a" });
            Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(path));
            Assert.Equal(["a.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
            Assert.Equal("a", StateFile.Read<LabRecord>(path).Name);

            string secret = Path.Combine(dir, "secret");
            File.WriteAllText(secret, "{\"Name\":\"b\"}");
            File.CreateSymbolicLink(Path.Combine(dir, "b.json"), secret);
            Assert.Throws<JsonException>(() => StateFile.Read<LabRecord>(Path.Combine(dir, "b.json")));

            Ip.Exec("mkfifo", Path.Combine(dir, "c.json"));
            var read = Task.Run(() => Assert.Throws<JsonException>(() => StateFile.Read<LabRecord>(Path.Combine(dir, "c.json"))));
            Assert.Same(read, await Task.WhenAny(read, Task.Delay(10_000))); // refused at once, never waits for a writer
            await read;
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void TempFilesOfDeadWriters_AreRemoved_OthersStay()
    {
        string dir = TempFolder();
        try
        {
            string dead = Path.Combine(dir, "a.json.999999999.0123456789ab.tmp"); // no such pid (pid_max is at most 4194304)
            string mine = Path.Combine(dir, $"a.json.{Environment.ProcessId}.0123456789ab.tmp");
            string other = Path.Combine(dir, "notes.tmp");
            foreach (var f in new[] { dead, mine, other }) File.WriteAllText(f, "");
            StateFile.RemoveOrphans(dir);
            Assert.False(File.Exists(dead));
            Assert.True(File.Exists(mine));
            Assert.True(File.Exists(other));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_temp_file_whose_PID_was_reused_is_removed_but_a_live_writer_s_or_another_PID_namespace_s_stays()
    {
        string dir = TempFolder();
        try
        {
            var me = WriterIdentity.Current.Split('-');
            Assert.Equal(3, me.Length);
            Assert.Equal(Environment.ProcessId.ToString(), me[0]);
            Assert.NotEqual("0", me[1]);
            Assert.NotEqual("0", me[2]);
            // A killed writer: its PID is gone.
            using var sleeper = System.Diagnostics.Process.Start("sleep", "60");
            string killedToken = $"{sleeper.Id}-{WriterIdentity.StartTime(sleeper.Id)}-{me[2]}";
            sleeper.Kill();
            sleeper.WaitForExit();
            string killed = Path.Combine(dir, $"b.json.{killedToken}.0123456789ab.tmp");
            // A dead writer whose PID now belongs to a live process (this one) that started at another time.
            string reused = Path.Combine(dir, $"a.json.{me[0]}-{ulong.Parse(me[1]) - 1}-{me[2]}.0123456789ab.tmp");
            string live = Path.Combine(dir, $"a.json.{WriterIdentity.Current}.0123456789ab.tmp");
            // Another PID namespace: its PIDs mean nothing here, so its writer is never proved dead.
            string elsewhere = Path.Combine(dir, $"a.json.999999999-5-{ulong.Parse(me[2]) + 1}.0123456789ab.tmp");
            string garbled = Path.Combine(dir, "a.json.12-x-y.0123456789ab.tmp");
            foreach (var f in new[] { killed, reused, live, elsewhere, garbled }) File.WriteAllText(f, "");
            StateFile.RemoveOrphans(dir);
            Assert.False(File.Exists(killed));
            Assert.False(File.Exists(reused));
            Assert.True(File.Exists(live));
            Assert.True(File.Exists(elsewhere));
            Assert.True(File.Exists(garbled));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_record_is_written_through_a_temp_named_for_its_writer()
    {
        string dir = TempFolder();
        try
        {
            // A temp left by this live process (as if a write of ours were under way) survives a folder's next opening.
            string path = Path.Combine(dir, "c.json");
            string ours = $"{path}.{WriterIdentity.Current}.0123456789ab.tmp";
            File.WriteAllText(ours, "");
            StateFile.WriteAtomically(path, new LabRecord { Name = "c" });
            StateFile.RemoveOrphans(dir);
            Assert.True(File.Exists(ours));
            Assert.Equal("c", StateFile.Read<LabRecord>(path).Name);
            Assert.Equal(new[] { "c.json", Path.GetFileName(ours) }.Order(), Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        }
        finally { Directory.Delete(dir, true); }
    }

    // ---------------------------------------------------------------- deletions trust no record

    private static string StatePathOf(string host) =>
        Directory.GetFiles(StateDirectory.Of("networks"), $"netns-{NetClient.For(host).Inode}-*.json").Single();

    private static void EditState(string host, Action<NetworkStateFile> edit)
    {
        string path = StatePathOf(host);
        var state = StateFile.Read<NetworkStateFile>(path);
        edit(state);
        StateFile.WriteAtomically(path, state);
    }

    [Fact]
    public void RemoveForce_DeletesNoLinkARecordNamesThatIsNotOurs_NeitherAVethNorABridge()
    {
        using var lab = new Lab();
        var host = lab.Create("host");
        var c1 = lab.Create("c1");
        Ip_(host, "link add hostvictim0 type veth peer name hostvictim1");
        Ip_(host, "link add victimbr type bridge");
        var nets = ContainerNetworks.For(host);
        nets.Create(new NetworkSpec { Name = "web", Subnet = "172.18.0.0/24" });
        var ep = nets.Connect(new ConnectSpec { Network = "web", Namespace = c1 });
        EditState(host, s =>
        {
            var real = s.Endpoints.Single();
            s.Endpoints.Add(new EndpointRecord
            {
                NetworkId = real.NetworkId, Phase = EndpointPhase.Connected, ContainerNamespace = real.ContainerNamespace,
                ContainerPath = real.ContainerPath, ContainerInode = real.ContainerInode, InterfaceName = "eth9",
                HostInterface = "hostvictim0", Address = "172.18.0.9", OwnerPid = Environment.ProcessId,
            });
            s.Networks.Single(n => n.Name == "web").BridgeName = "victimbr";
        });

        nets.Remove("web", force: true);

        var links = Ip.Links(host);
        Assert.True(links.ContainsKey("hostvictim0"));
        Assert.True(links.ContainsKey("victimbr"));
        Assert.False(links.ContainsKey(ep.HostInterface!)); // ours went
    }

    [Fact]
    public void A_listing_of_a_namespace_without_networks_leaves_no_file()
    {
        using var lab = new Lab();
        var host = lab.Create("host");
        var client = NetClient.For(host);
        // This namespace's own files (its inode and cookie): a dead namespace's lock with the same inode is not its.
        string key = $"netns-{client.Inode}-{NamespaceStateFiles.CookieOf(client.Namespace)}", pattern = key + ".*";
        var nets = ContainerNetworks.For(host);
        Assert.DoesNotContain(nets.List(), n => n.Network == "web");
        Assert.Empty(nets.Endpoints());
        string folder = StateDirectory.Of("networks");
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder, pattern) : []);
        // Made and removed: the record and its lock go with the last network.
        nets.Create(new NetworkSpec { Name = "web", Subnet = "172.18.0.0/24" });
        Assert.Single(Directory.GetFiles(folder, key + ".json"));
        nets.Remove("web");
        Assert.Empty(Directory.GetFiles(folder, pattern));
    }

    [Fact]
    public void AReadDeletesNothing_EvenForAPendingEndpointOfADeadProcess()
    {
        using var lab = new Lab();
        var host = lab.Create("host");
        var c1 = lab.Create("c1");
        Ip_(host, "link add hostvictim0 type veth peer name hostvictim1");
        var nets = ContainerNetworks.For(host);
        nets.Create(new NetworkSpec { Name = "web", Subnet = "172.18.0.0/24" });
        var ep = nets.Connect(new ConnectSpec { Network = "web", Namespace = c1 });
        EditState(host, s =>
        {
            var real = s.Endpoints.Single();
            real.Phase = EndpointPhase.Pending;
            real.OwnerPid = 999_999_999;
            s.Endpoints.Add(new EndpointRecord
            {
                NetworkId = real.NetworkId, Phase = EndpointPhase.Pending, ContainerNamespace = real.ContainerNamespace,
                ContainerPath = real.ContainerPath, ContainerInode = real.ContainerInode, InterfaceName = "eth9",
                HostInterface = "hostvictim0", Address = "172.18.0.9", OwnerPid = 999_999_999,
            });
        });

        var listed = nets.List().Single(n => n.Network == "web");
        Assert.Equal(0, listed.Endpoints);
        Assert.Contains("stale endpoints", listed.Problem);
        Assert.Empty(nets.Endpoints("web"));
        var links = Ip.Links(host);
        Assert.True(links.ContainsKey("hostvictim0"));
        Assert.True(links.ContainsKey(ep.HostInterface!)); // a read changes nothing, not even what is ours

        nets.Remove("web", force: true); // a change releases what is provably ours only
        links = Ip.Links(host);
        Assert.True(links.ContainsKey("hostvictim0"));
        Assert.False(links.ContainsKey(ep.HostInterface!));
    }

    [Fact]
    public void RemoveNetLab_DeletesOnlyTheLabsOwnNamespaces_AndReportsTheNodesItLeftAlone()
    {
        using var scratch = new Lab();
        string victim = scratch.Create("victim");          // someone's namespace, named in an edited record
        string prefix = scratch.Prefix + "-";
        string lookalike = prefix + "look";               // the prefix plus a node name, but not the lab's
        NetworkNamespaces.Create(lookalike);
        Ip_(lookalike, "link set lo up");
        string file = Path.Combine(Path.GetTempPath(), $"lnt-harden-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "Nodes": { "a": {}, "b": {} }, "Links": [ { "Endpoints": [ "a:eth0", "b:eth0" ] } ] }""");
        string name = scratch.Prefix + "h";
        try
        {
            NetLabs.Create(NetLabs.Load(file), name, prefix);
            string path = LabStore.PathOf(name);
            var record = StateFile.Read<LabRecord>(path);
            record.Nodes.Add(new LabNodeRecord { Name = "victim", Namespace = victim, Inode = NetworkNamespaces.Get(NamespaceRef.Parse(victim)).Inode });
            record.Nodes.Add(new LabNodeRecord { Name = "look", Namespace = lookalike, Inode = NetworkNamespaces.Get(NamespaceRef.Parse(lookalike)).Inode });
            StateFile.WriteAtomically(path, record);

            var removed = NetLabs.Remove(name);

            Assert.True(File.Exists($"/run/netns/{victim}"));
            Assert.True(File.Exists($"/run/netns/{lookalike}"));
            Assert.False(File.Exists($"/run/netns/{prefix}a"));
            Assert.False(File.Exists($"/run/netns/{prefix}b"));
            Assert.Contains("'victim'", removed.Problem);
            Assert.Contains("'look'", removed.Problem);
            Assert.False(File.Exists(path));
        }
        finally
        {
            File.Delete(file);
            try { NetLabs.Remove(name); } catch (NetOperationException) { }
            try { NetworkNamespaces.Delete(lookalike); } catch (NetOperationException) { }
        }
    }
}
