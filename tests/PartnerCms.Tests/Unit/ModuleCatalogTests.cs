using PartnerCms.Core.Modules;

namespace PartnerCms.Tests.Unit;

public sealed class ModuleCatalogTests
{
    private sealed class TestManifest(string id, params string[] dependencies) : ModuleManifest
    {
        public override string Id => id;

        public override string Name => id;

        public override string Description => id;

        public override string Category => "Test";

        public override IReadOnlyList<string> Dependencies => dependencies;

        public override Type StartupType => typeof(ModuleStartup);
    }

    [Fact]
    public void Modules_start_after_their_dependencies_whatever_order_they_are_installed_in()
    {
        var catalog = new ModuleCatalog([new TestManifest("C", "B"), new TestManifest("B", "A"), new TestManifest("A"), new TestManifest("D", "A", "C")]);

        Assert.Equal(["A", "B", "C", "D"], catalog.Ordered.Select(m => m.Id));
    }

    [Fact]
    public void Missing_dependency_fails_naming_the_module_and_what_it_lacks()
    {
        var error = Assert.Throws<ModuleDependencyException>(() => new ModuleCatalog([new TestManifest("Offers", "Catalog"), new TestManifest("Admin")]));

        Assert.Equal("Offers", error.ModuleId);
        Assert.Contains("'Offers' depends on 'Catalog', which is not installed", error.Message);
    }

    [Fact]
    public void Circular_dependency_fails_naming_the_cycle()
    {
        var error = Assert.Throws<ModuleDependencyException>(() =>
            new ModuleCatalog([new TestManifest("A", "B"), new TestManifest("B", "C"), new TestManifest("C", "A")]));

        Assert.Contains("circular dependency", error.Message);
        Assert.Contains("A -> B -> C -> A", error.Message);
    }

    [Fact]
    public void A_module_that_depends_on_itself_is_circular()
    {
        var error = Assert.Throws<ModuleDependencyException>(() => new ModuleCatalog([new TestManifest("A", "A")]));

        Assert.Equal("A", error.ModuleId);
    }

    [Fact]
    public void Switching_a_module_off_switches_off_the_modules_that_need_it_and_no_others()
    {
        var catalog = new ModuleCatalog(
            [new TestManifest("A"), new TestManifest("B", "A"), new TestManifest("C", "B"), new TestManifest("D", "A")],
            ["b"]);

        Assert.Equal(["A", "D"], catalog.Enabled.Select(m => m.Id));
        Assert.Contains("configuration", catalog.Modules.Single(m => m.Id == "B").DisabledReason);
        Assert.Contains("'B'", catalog.Modules.Single(m => m.Id == "C").DisabledReason);
    }

    [Fact]
    public void The_same_module_installed_twice_is_refused()
    {
        var error = Assert.Throws<ModuleDependencyException>(() => new ModuleCatalog([new TestManifest("A"), new TestManifest("a")]));

        Assert.Contains("installed twice", error.Message);
    }
}
