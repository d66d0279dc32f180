package dev.upskill.inference.prediction;

import org.tribuo.Dataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.LabelImpurity;
import org.tribuo.common.tree.AbstractTrainingNode;
import org.tribuo.dataset.DatasetView;

/**
 * Tribuo's {@link CARTClassificationTrainer} with a histogram-based training node ({@link HistogramTrainingNode})
 * in place of its {@code ClassifierTrainingNode}: same greedy CART, same feature sampling (Tribuo's own loop in
 * {@code AbstractCARTTrainer.train} still draws the features per node and decides which nodes to expand), same
 * split values and leaf distributions, and the result is an ordinary Tribuo {@code TreeModel}. Only the
 * bookkeeping differs: Tribuo re-copies every feature's inverted lists at every split, which is where its time
 * goes; this node sums weighted label counts per distinct value over its rows and partitions one row array.
 *
 * <p>Random split points are not supported.
 */
final class HistogramCARTTrainer extends CARTClassificationTrainer {

    private final LabelImpurity impurity;
    private final Dataset<Label> source;
    private final BinnedColumns sourceColumns;

    /**
     * @param source        the dataset the training views are drawn from, with {@code sourceColumns} its
     *                      columns (shared by all trees of a forest); null to bin every training set afresh
     */
    HistogramCARTTrainer(int maxDepth, float minChildWeight, float fractionFeaturesInSplit, LabelImpurity impurity,
            long seed, Dataset<Label> source, BinnedColumns sourceColumns) {
        super(maxDepth, minChildWeight, 0.0f, fractionFeaturesInSplit, false, impurity, seed);
        this.impurity = impurity;
        this.source = source;
        this.sourceColumns = sourceColumns;
    }

    @Override
    protected AbstractTrainingNode<Label> mkTrainingNode(Dataset<Label> examples,
            AbstractTrainingNode.LeafDeterminer leafDeterminer) {
        return HistogramTrainingNode.root(columns(examples), impurity, examples.getOutputIDInfo(), leafDeterminer);
    }

    private BinnedColumns columns(Dataset<Label> examples) {
        if (sourceColumns != null && examples instanceof DatasetView<Label> view && isViewOfSource(view)) {
            return sourceColumns.select(view.getExampleIndices());
        }
        return BinnedColumns.of(examples);
    }

    /** The view's indices point into the source only if the view was drawn from it with the same feature IDs. */
    private boolean isViewOfSource(DatasetView<Label> view) {
        int[] indices = view.getExampleIndices();
        return view.getFeatureIDMap().size() == sourceColumns.features()
                && view.getFeatureIDMap().equals(source.getFeatureIDMap())
                && view.getOutputIDInfo().domainAndIDEquals(source.getOutputIDInfo())
                && (indices.length == 0 || (indices[0] < source.size()
                        && view.getExample(0) == source.getExample(indices[0])));
    }
}
