using LinuxNetPS.Compose;
using LinuxNetPS.Compose.Labs;
using LinuxNetPS.Compose.Networks;
using LinuxNetPS.Tests.Support;

namespace LinuxNetPS.Tests;

/// <summary>
/// Issue 23: /etc/netns/NAME/hosts has one writer (<see cref="HostsFile"/>) with a section per owner, so a namespace that is
/// a lab node and on a container network keeps both sets of names, and the user's lines stay; a pipeline of N connects
/// writes each container's file once (counted with the writer's per-file count, not timed).
/// </summary>
public class HostsFileTests
{
    [Fact]
    public void A_lab_section_and_a_network_section_and_the_users_lines_all_stay()
    {
        using var lab = new Lab();
        var ns = lab.Ns("both"); // a name only: the file is what is tested
        var path = HostsFile.PathOf(ns);
        try
        {
            HostsFile.SetSection(ns, NameFiles.Owner, ["172.21.0.2\tweb", "172.21.0.3\tdb"]);
            File.AppendAllText(path, "10.9.9.9\tmine\n");
            HostsFile.SetSection(ns, LabNames.Owner, ["10.0.0.1\tr1"], "'lab1'; removed with it");
            Assert.Equal([NameFiles.Owner, LabNames.Owner], HostsFile.Owners(ns));

            // Either owner rewrites its own section: the other's and the user's line stay.
            HostsFile.SetSection(ns, NameFiles.Owner, ["172.21.0.3\tdb"]);
            var text = File.ReadAllText(path);
            Assert.Contains("10.0.0.1\tr1\n", text);
            Assert.Contains("10.9.9.9\tmine\n", text);
            Assert.DoesNotContain("web", text);
            Assert.StartsWith(HostsFile.DefaultLines, text);

            LabNames.Delete(ns); // Remove-NetLab: only the lab's section goes
            text = File.ReadAllText(path);
            Assert.DoesNotContain("r1", text);
            Assert.Contains("172.21.0.3\tdb\n", text);
            Assert.Equal([NameFiles.Owner], HostsFile.Owners(ns));

            HostsFile.SetSection(ns, NameFiles.Owner, []);
            Assert.Equal(HostsFile.DefaultLines + "10.9.9.9\tmine\n", File.ReadAllText(path)); // the user's line keeps the file
        }
        finally { Lab.RemoveEtcNetns(lab.Prefix); }
    }

    [Fact]
    public void The_file_is_rewritten_in_place_unchanged_content_is_not_written_and_it_goes_with_the_last_section()
    {
        using var lab = new Lab();
        var ns = lab.Ns("inplace");
        var path = HostsFile.PathOf(ns);
        try
        {
            Assert.True(HostsFile.SetSection(ns, "a", ["10.0.0.1\tone"]));
            var inode = Inode(path);
            Assert.True(HostsFile.SetSection(ns, "b", ["10.0.0.2\ttwo"]));
            Assert.True(HostsFile.SetSection(ns, "a", ["10.0.0.3\tthree"]));
            Assert.Equal(inode, Inode(path)); // a bind mount of it (what runs in the namespace) sees the change
            int writes = HostsFile.WritesOf(ns);
            Assert.False(HostsFile.SetSection(ns, "a", ["10.0.0.3\tthree"]));
            Assert.Equal(writes, HostsFile.WritesOf(ns));
            HostsFile.SetSection(ns, "a", []);
            HostsFile.RemoveSections(ns, owner => owner == "b");
            Assert.False(File.Exists(path)); // only the localhost lines we wrote were left
            Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        }
        finally { Lab.RemoveEtcNetns(lab.Prefix); }
    }

    [Fact]
    public void A_lab_file_of_the_old_whole_file_form_is_replaced_by_the_section()
    {
        using var lab = new Lab();
        var ns = lab.Ns("legacy");
        var path = HostsFile.PathOf(ns);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "# Written by LinuxNetPS for the network lab 'old'; removed with it.\n" + HostsFile.DefaultLines + "10.0.0.9\told\n");
            LabNames.Delete(ns);
            Assert.False(File.Exists(path));
        }
        finally { Lab.RemoveEtcNetns(lab.Prefix); }
    }

    [Fact]
    public void Piped_connects_in_several_batches_write_each_containers_file_once()
    {
        using var lab = new Lab();
        var host = lab.Create("host");
        var nets = ContainerNetworks.For(host);
        nets.Create(new NetworkSpec { Name = "names", Subnet = "172.30.0.0/24" });
        var containers = Enumerable.Range(1, 9).Select(i => lab.Create($"c{i}")).ToList();
        try
        {
            // Three batches, as Connect-ContainerNetwork sends a long pipeline, with the names left for the end.
            var pending = new PendingNames();
            foreach (var batch in containers.Chunk(3))
                Assert.All(nets.ConnectMany(batch.Select(c => new ConnectSpec { Network = "names", Namespace = c }).ToList(), deferNames: pending),
                    o => Assert.Equal(ConnectStatus.Connected, o.Status));
            Assert.All(containers, c => Assert.False(File.Exists(HostsFile.PathOf(c))));
            nets.WriteNames(pending);
            Assert.All(containers, c => Assert.Equal(1, HostsFile.WritesOf(c)));
            foreach (var c in containers) // and every container finds every other
                Assert.Equal(containers.Count, File.ReadAllLines(HostsFile.PathOf(c)).Count(l => l.StartsWith("172.30.0.", StringComparison.Ordinal)));

            // Without deferring, each batch rewrites the files of everyone on the network: the first container's file again.
            var more = Enumerable.Range(1, 2).Select(i => lab.Create($"d{i}")).ToList();
            foreach (var d in more) nets.Connect(new ConnectSpec { Network = "names", Namespace = d });
            Assert.Equal(3, HostsFile.WritesOf(containers[0]));
        }
        finally { Lab.RemoveEtcNetns(lab.Prefix); }
    }

    private static ulong Inode(string path)
    {
        var (code, output, _) = Ip.Exec("stat", "-c", "%i", path);
        Assert.Equal(0, code);
        return ulong.Parse(output.Trim());
    }
}
