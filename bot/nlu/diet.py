"""Rasa's DIETClassifier, loaded for answering without tracing a training step first.

To load a trained DIET model, Rasa 3.6 builds its weights by fitting it on one example
(`RasaModel.load`: `model.fit` on a batch of one), then reads the trained weights over them.
Fitting traces TensorFlow's whole training graph, the CRF entity loss and its gradients
included: on this project's 2-core machine that was three quarters of the Rasa server's start
(about 40 of 53 s, py-spy; results/bench.md). A server that only answers never trains, so here
one prediction builds the weights prediction uses, the trained weights are read over them, and
nothing else changes: the same layers, weights and predictions (tests/test_diet_loading.py
compares them with Rasa's own loading). Training, and loading to fine-tune, are Rasa's own.

Each prediction then calls the traced prediction graph directly. Through the `tf.function`,
TensorFlow matched the message's forty-odd arrays to the function's signature, checked their
nesting and looked up the traced graph again on every call: about a tenth of the Rasa server's
CPU under load, more than the graph's own work on one message (py-spy).

In training, Rasa decodes the entity tags of every batch (a Viterbi pass) only to show an F1 in
the progress bar, and its CRF loss carries `tf.cond`s that DIET's sequences never take. Here the
entity loss is computed alone and directly: the same loss, so the same trained weights
(tests/test_diet_loading.py trains both and compares them). DIET's 60 epochs on 2 cores: 105 s
→ 79 s (the first epoch, which traces the graph, 23 s → 9 s).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import tensorflow as tf
from keras.utils import tf_utils
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.shared.constants import DIAGNOSTIC_DATA
from rasa.utils.tensorflow.crf import crf_binary_score, crf_forward, crf_unary_score
from rasa.utils.tensorflow.layers import CRF
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

logger = logging.getLogger(__name__)


def crf_loss(crf: CRF, logits: tf.Tensor, tag_ids: tf.Tensor, sequence_lengths: tf.Tensor) -> tf.Tensor:
    """`CRF.loss`, the same operations for what DIET gives it: sequences of two positions or more
    (DIET adds the sentence's position to every message's tokens). Rasa's functions choose
    between a one-position and a longer formula with a `tf.cond` in the graph; the gradients of
    those conditionals were about half of the training step's tracing (py-spy)."""
    if crf.scale_loss:
        return crf.loss(logits, tag_ids, sequence_lengths)
    lengths = tf.cast(sequence_lengths, tf.int32)
    transitions = tf.cast(crf.transition_params, logits.dtype)
    scores = crf_unary_score(tag_ids, lengths, logits) + crf_binary_score(tag_ids, lengths, transitions)
    first = tf.squeeze(tf.slice(logits, [0, 0, 0], [-1, 1, -1]), [1])
    alphas = crf_forward(tf.slice(logits, [0, 1, 0], [-1, -1, -1]), first, transitions, lengths)
    log_norm = tf.reduce_logsumexp(alphas, [1])
    log_norm = tf.where(tf.less_equal(lengths, 0), tf.zeros_like(log_norm), log_norm)
    return tf.reduce_mean(-(scores - log_norm))


class AnsweringDIET(DIET):
    """DIET's model, loaded by one prediction instead of one training step, and trained without
    decoding its entity tags at every step."""

    def _calculate_entity_loss(
        self,
        inputs: tf.Tensor,
        tag_ids: tf.Tensor,
        mask: tf.Tensor,
        sequence_lengths: tf.Tensor,
        tag_name: str,
        entity_tags: tf.Tensor | None = None,
    ) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
        """Rasa's CRF entity loss, without the Viterbi decoding Rasa runs beside it at every
        training step only for the F1 of the progress bar: the same loss and gradients, so the
        same trained weights, from a smaller graph that traces and runs faster."""
        tag_ids = tf.cast(tag_ids[:, :, 0], tf.int32)
        if entity_tags is not None:
            inputs = tf.concat([inputs, self._tf_layers[f"embed.{tag_name}.tags"](entity_tags)], axis=-1)
        logits = self._tf_layers[f"embed.{tag_name}.logits"](inputs)
        crf = self._tf_layers[f"crf.{tag_name}"]
        if not crf.built:  # what Rasa's first call of the layer did, its weights named alike
            with tf.name_scope(crf.name):
                crf.build(logits.shape)
        return crf_loss(crf, logits, tag_ids, sequence_lengths), tf.zeros(()), logits

    def _update_metrics_to_log(self) -> None:
        super()._update_metrics_to_log()
        # No entity F1 is computed in training (above): the progress bar shows none.
        shown = self.metrics_to_log  # type: ignore[has-type]  # Rasa's models.py leaves it untyped
        self.metrics_to_log = [name for name in shown if not name.endswith("_f1")]

    @classmethod
    def load(
        cls,
        model_file_name: str,
        model_data_example: RasaModelData,
        predict_data_example: RasaModelData | None = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        if finetune_mode or predict_data_example is None:
            return super().load(
                model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
            )
        model = cls(*args, **kwargs)
        # Keras creates a layer's weights on its first call: one prediction, run eagerly so that
        # nothing is traced or kept with the untrained values, creates every weight predicting reads.
        run_eagerly = model._run_eagerly
        model._run_eagerly = True
        model.run_inference(predict_data_example)
        model._run_eagerly = run_eagerly
        # The checkpoint also holds the optimizer's state, which answering never reads.
        model.load_weights(model_file_name).assert_existing_objects_matched().expect_partial()
        # The label embeddings are computed once per model, before its first prediction: again,
        # now from the trained weights; then the prediction graph is traced, as Rasa's load does.
        model.prepared_for_prediction = False
        model.run_inference(predict_data_example)
        logger.debug("Loaded %s for prediction", model_file_name)
        return model

    def _rasa_predict(self, batch_in: tuple[np.ndarray, ...]) -> dict[str, Any]:
        """Rasa's prediction, the traced graph called with the arrays as tensors of its inputs."""
        step = self._tf_predict_step
        if step is None or self._run_eagerly or not self.prepared_for_prediction:
            return super()._rasa_predict(batch_in)  # traces the graph on the first call, as Rasa does
        if getattr(self, "_graph", None) is None:
            self._graph = step.get_concrete_function()
            self._input_types = [spec.dtype for spec in step.input_signature[0]]
        tensors = [tf.convert_to_tensor(array, dtype) for array, dtype in zip(batch_in, self._input_types, strict=True)]
        # What the tf.function's call ends in, once it has matched its arguments to the graph's inputs.
        outputs = tf_utils.sync_to_numpy_or_python_type(self._graph._call_flat(tensors, self._graph.captured_inputs))
        if DIAGNOSTIC_DATA in outputs:
            outputs[DIAGNOSTIC_DATA] = self._empty_lists_to_none_in_dict(outputs[DIAGNOSTIC_DATA])
        return outputs


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=True,
)
class AnsweringDIETClassifier(DIETClassifier):
    """`DIETClassifier` whose trained model loads as `AnsweringDIET`."""

    @staticmethod
    def model_class() -> type[RasaModel]:
        return AnsweringDIET
