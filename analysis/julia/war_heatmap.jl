# detsim results in Julia: a labelled read with NCDatasets.jl, a raw read with HDF5.jl, one figure.
#
#   julia --project=. analysis/julia/war_heatmap.jl levers-sweep.h5 war.png
#   (packages: ] add NCDatasets HDF5 Plots)
#
# UNTESTED IN CI: Julia is not installable on the project's CI. tests/analysis/test_julia_contract.py
# checks instead that every name used below (variables, dimensions, labels, attributes) exists in a
# file written by `detsim run`, and that the axis orders declared below are the reverse of the HDF5
# (C-order) ones, as Julia's column-major readers present them.
using NCDatasets
using HDF5
using Plots

# Julia reverses the axis order of docs/output.md: (warning, visibility, burden, measure) reads as
const MEASURE_MEAN_DIMS = ("measure", "burden", "visibility", "warning")
const OUTCOME_PROBABILITY_DIMS = ("outcome", "burden", "visibility", "warning")

"Labelled read through netCDF-C: Pr(war) over (burden, visibility, warning), with axis values."
function read_war(path)
    NCDataset(path, "r") do ds
        m = ds["measure_mean"]
        dimnames(m) == MEASURE_MEAN_DIMS || error("$path: measure_mean has axes $(dimnames(m)), " *
                                                   "expected $(MEASURE_MEAN_DIMS) (a levers-sweep grid)")
        k = findfirst(==("p_war"), ds["measure"][:])
        k === nothing && error("$path: no p_war measure")
        (war = Array(m[k, :, :, :]),                 # (burden, visibility, warning)
         burden = ds["burden"][:], visibility = ds["visibility"][:], warning = ds["warning"][:],
         burden_units = ds["burden"].attrib["units"], visibility_units = ds["visibility"].attrib["units"],
         title = ds.attrib["title"], seed = ds.attrib["seed"], draws = ds.attrib["draws"])
    end
end

"Raw read with HDF5.jl: the same file as plain arrays (again column-major, so axes reversed)."
function read_outcomes_raw(path)
    h5open(path, "r") do f
        p = read(f["outcome_probability"])           # size (5, n_burden, n_visibility, n_warning)
        outcomes = read(f["outcome"])                # ["SQ", "REBUFFED", "PBD", "CONV", "NUC"]
        (p = p, outcomes = outcomes, seed = attrs(f)["seed"])
    end
end

function main(path, out)
    s = read_war(path)
    raw = read_outcomes_raw(path)
    # The two readers must agree: Pr(war) = Pr(CONV) + Pr(NUC) in every cell.
    conv = findfirst(==("CONV"), raw.outcomes)
    nuc = findfirst(==("NUC"), raw.outcomes)
    war_raw = raw.p[conv, :, :, :] .+ raw.p[nuc, :, :, :]
    maximum(abs.(war_raw .- s.war)) < 1e-12 || error("NCDatasets and HDF5 reads disagree")
    lo, hi = extrema(100 .* s.war)
    panels = [heatmap(s.burden, s.visibility, 100 .* permutedims(s.war[:, :, w]);   # z is (y, x)
                      clims = (lo, hi), color = :viridis, title = "Pr(war) %, warning = $(s.warning[w])",
                      xlabel = "burden ($(s.burden_units))", ylabel = "visibility ($(s.visibility_units))")
              for w in eachindex(s.warning)]
    plot(panels...; layout = (1, length(panels)), size = (460 * length(panels), 400),
         plot_title = "$(s.title), seed $(s.seed), $(s.draws) draws per cell")
    savefig(out)
    println("wrote $out")
end

if abspath(PROGRAM_FILE) == @__FILE__
    length(ARGS) == 2 || (println(stderr, "usage: julia war_heatmap.jl LEVERS-SWEEP.h5 OUT.png"); exit(2))
    isfile(ARGS[1]) || (println(stderr, "$(ARGS[1]): no such results file"); exit(2))
    main(ARGS[1], ARGS[2])
end
