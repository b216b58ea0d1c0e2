# `make datasets`: real MNIST and Fashion-MNIST under datasets/data/ (git-ignored).
# datasets/fetch.sh does the fetching; build/bin/prepare-datasets converts and checks.
DATASETS_TOOL := $(BIN)/prepare-datasets
all: $(DATASETS_TOOL)  # built with everything else, so a broken converter shows up before it is needed

$(DATASETS_TOOL): $(BUILD)/obj/datasets/tools/prepare_datasets.o $(LIBMEMO)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) $< $(LIBMEMO) $(LDLIBS) -o $@

datasets: deps
	@$(MAKE) --no-print-directory -j2 $(DATASETS_TOOL)
	sh datasets/fetch.sh $(DATASETS_TOOL)

-include $(BUILD)/obj/datasets/tools/prepare_datasets.d
