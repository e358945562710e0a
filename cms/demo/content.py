"""Demo topics, team members, digest entries and pages loaded by the quickstart command."""

from textwrap import dedent

TOPICS = [
    {"slug": "machine-learning", "names": {"en": "Machine learning", "zh-hans": "机器学习"}},
    {
        "slug": "natural-language-processing",
        "names": {"en": "Natural language processing", "zh-hans": "自然语言处理"},
    },
    {"slug": "computer-vision", "names": {"en": "Computer vision", "zh-hans": "计算机视觉"}},
    {"slug": "generative-models", "names": {"en": "Generative models", "zh-hans": "生成模型"}},
    {
        "slug": "computational-biology",
        "names": {"en": "Computational biology", "zh-hans": "计算生物学"},
    },
    {"slug": "genome-editing", "names": {"en": "Genome editing", "zh-hans": "基因编辑"}},
    {"slug": "climate-science", "names": {"en": "Climate science", "zh-hans": "气候科学"}},
    {"slug": "physics", "names": {"en": "Physics", "zh-hans": "物理学"}},
]

AUTHORS = [
    {
        "username": "mara",
        "first_name": "Mara",
        "last_name": "Lindqvist",
        "email": "mara@example.org",
    },
    {
        "username": "jun",
        "first_name": "Jun",
        "last_name": "Zhao",
        "email": "jun@example.org",
    },
]

ENTRIES = [
    # ------------------------------------------------------------------ Transformer
    {
        "key": "transformer",
        "language": "en",
        "title": "Attention Is All You Need",
        "slug": "attention-is-all-you-need",
        "summary": (
            "The Transformer drops recurrence and convolution entirely and builds a translation "
            "model from attention alone, training faster and scoring higher than earlier systems."
        ),
        "body": dedent(
            """
            The 2017 Transformer paper argued that sequence transduction does not need recurrence
            or convolution at all. Its encoder-decoder model relies entirely on attention, which
            lets every position look at every other position in a single step and makes training
            far easier to parallelise on GPUs.

            ## What the paper introduced

            - **Scaled dot-product attention**: queries are compared with keys, the scores are
              divided by the square root of the key dimension, and a softmax weights the values.
            - **Multi-head attention**: several attention functions run side by side on learned
              projections, so the model can follow different relations at once.
            - **Positional encodings**: sine and cosine signals of different frequencies give the
              otherwise order-blind model a sense of word position.

            ## Results

            | Task (WMT 2014) | BLEU, big model |
            |---|---|
            | English-German | 28.4 |
            | English-French | 41.8 |

            The core operation fits in a few lines:

            ```python
            import numpy as np


            def attention(q, k, v):
                scores = q @ k.T / np.sqrt(q.shape[-1])
                scores -= scores.max(axis=-1, keepdims=True)
                weights = np.exp(scores)
                weights /= weights.sum(axis=-1, keepdims=True)
                return weights @ v
            ```

            ## Why it matters

            Almost every large language model since then descends from this architecture:
            [BERT](/en/entries/bert/) kept only the encoder, while the GPT line kept only the
            decoder.[^1]

            [^1]: The big model trained for about three and a half days on eight P100 GPUs, a
                modest budget by today's standards.
            """
        ).strip(),
        "topics": ["machine-learning", "natural-language-processing"],
        "authors": ["mara"],
        "paper_authors": [
            "Ashish Vaswani",
            "Noam Shazeer",
            "Niki Parmar",
            "Jakob Uszkoreit",
            "Llion Jones",
            "Aidan N. Gomez",
            "Łukasz Kaiser",
            "Illia Polosukhin",
        ],
        "source_url": "https://arxiv.org/abs/1706.03762",
        "arxiv_id": "1706.03762",
        "doi": "",
        "code_url": "https://github.com/tensorflow/tensor2tensor",
        "status": "published",
        "publish_at": "2026-09-07T09:00:00+00:00",
        "translation_of": None,
        "translation_method": "original",
        "translator": "",
    },
    {
        "key": "transformer-zh",
        "language": "zh-hans",
        "title": "注意力就是你所需要的一切",
        "slug": "attention-is-all-you-need",
        "summary": (
            "Transformer 完全抛弃了循环和卷积结构，只用注意力机制搭建翻译模型，"
            "训练更快，效果也超过了以往的系统。"
        ),
        "body": dedent(
            """
            2017 年的 Transformer 论文提出，序列转换任务完全可以不用循环结构或卷积。
            它的编码器—解码器模型只依靠注意力机制：每个位置一步就能关注到所有其他位置，
            因此在 GPU 上训练时更容易并行。

            ## 论文的主要贡献

            - **缩放点积注意力**：用查询与键计算相似度，除以键维度的平方根，
              再经 softmax 得到对值的加权。
            - **多头注意力**：在不同的线性投影上并行运行多组注意力，
              让模型同时捕捉多种关系。
            - **位置编码**：用不同频率的正弦和余弦信号，为本身不区分顺序的模型提供位置信息。

            ## 实验结果

            | 任务（WMT 2014） | BLEU（大模型） |
            |---|---|
            | 英译德 | 28.4 |
            | 英译法 | 41.8 |

            ## 影响

            此后几乎所有大型语言模型都源自这一架构：BERT 只保留了编码器，
            GPT 系列则只保留了解码器。大模型在八块 P100 GPU 上训练了约三天半，
            以今天的标准来看，这样的算力预算相当节省。
            """
        ).strip(),
        "topics": ["machine-learning", "natural-language-processing"],
        "authors": ["jun"],
        "paper_authors": [
            "Ashish Vaswani",
            "Noam Shazeer",
            "Niki Parmar",
            "Jakob Uszkoreit",
            "Llion Jones",
            "Aidan N. Gomez",
            "Łukasz Kaiser",
            "Illia Polosukhin",
        ],
        "source_url": "https://arxiv.org/abs/1706.03762",
        "arxiv_id": "1706.03762",
        "doi": "",
        "code_url": "https://github.com/tensorflow/tensor2tensor",
        "status": "published",
        "publish_at": "2026-09-09T09:00:00+00:00",
        "translation_of": "transformer",
        "translation_method": "human",
        "translator": "Li Wei",
    },
    # ----------------------------------------------------------------------- ResNet
    {
        "key": "resnet",
        "language": "en",
        "title": "Deep Residual Learning for Image Recognition",
        "slug": "deep-residual-learning",
        "summary": (
            "Residual networks add identity shortcuts around groups of layers, which makes "
            "networks with more than a hundred layers trainable and won ImageNet 2015."
        ),
        "body": dedent(
            """
            Before 2015, stacking more layers onto a convolutional network often made it worse,
            not better: the training error itself went up, which pointed to an optimisation
            problem rather than overfitting. He, Zhang, Ren and Sun proposed a simple fix.
            Instead of asking a block of layers to learn a target mapping H(x) directly, let it
            learn the residual F(x) = H(x) - x and add the input back through an identity
            shortcut.

            ## Key ideas

            - Identity shortcuts add no parameters and almost no computation.
            - If extra layers are not useful, a block can push its residual towards zero and
              behave like an identity.
            - Deeper variants use a "bottleneck" block of 1x1, 3x3 and 1x1 convolutions to keep
              the cost down.

            ## The model family

            | Model | Layers | Block | FLOPs (billions) |
            |---|---|---|---|
            | ResNet-18 | 18 | basic | 1.8 |
            | ResNet-34 | 34 | basic | 3.6 |
            | ResNet-50 | 50 | bottleneck | 3.8 |
            | ResNet-101 | 101 | bottleneck | 7.6 |
            | ResNet-152 | 152 | bottleneck | 11.3 |

            ## Results

            An ensemble of residual networks reached 3.57% top-5 error on the ImageNet test set
            and won the ILSVRC 2015 classification task; the same backbone also took first place
            in the COCO detection and segmentation tracks. The authors even trained a network
            with more than 1,000 layers on CIFAR-10. Residual connections are now a standard part
            of vision models and Transformers alike.
            """
        ).strip(),
        "topics": ["computer-vision", "machine-learning"],
        "authors": ["mara"],
        "paper_authors": ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"],
        "source_url": "https://arxiv.org/abs/1512.03385",
        "arxiv_id": "1512.03385",
        "doi": "10.1109/CVPR.2016.90",
        "code_url": "https://github.com/KaimingHe/deep-residual-networks",
        "status": "published",
        "publish_at": "2026-09-14T09:00:00+00:00",
        "translation_of": None,
        "translation_method": "original",
        "translator": "",
    },
    {
        "key": "resnet-zh",
        "language": "zh-hans",
        "title": "用于图像识别的深度残差学习",
        "slug": "deep-residual-learning",
        "summary": (
            "残差网络在若干层外加上恒等捷径连接，使一百多层的网络也能顺利训练，"
            "并赢得了 2015 年 ImageNet 竞赛。"
        ),
        "body": dedent(
            """
            在 2015 年之前，给卷积网络堆叠更多层往往会让效果变差而不是变好：
            连训练误差都会上升，这说明问题出在优化上，而不是过拟合。
            何恺明、张祥雨、任少卿和孙剑提出了一个简单的解决办法：
            不再让一组层直接学习目标映射 H(x)，而是让它学习残差 F(x) = H(x) - x，
            再通过恒等捷径把输入加回来。

            ## 核心思想

            - 恒等捷径不增加参数，几乎也不增加计算量。
            - 如果额外的层没有用处，该模块可以把残差推向零，表现得像恒等映射。
            - 更深的变体使用由 1x1、3x3 和 1x1 卷积组成的“瓶颈”模块来控制计算成本。

            ## 模型家族

            | 模型 | 层数 | 模块 | 计算量（十亿次浮点运算） |
            |---|---|---|---|
            | ResNet-18 | 18 | 基本 | 1.8 |
            | ResNet-50 | 50 | 瓶颈 | 3.8 |
            | ResNet-152 | 152 | 瓶颈 | 11.3 |

            ## 结果

            残差网络的集成模型在 ImageNet 测试集上取得了 3.57% 的 top-5 错误率，
            赢得了 ILSVRC 2015 分类任务；同一骨干网络还在 COCO 检测和分割赛道上获得第一。
            作者甚至在 CIFAR-10 上训练了超过 1000 层的网络。
            如今，残差连接已成为视觉模型和 Transformer 的标准组成部分。
            """
        ).strip(),
        "topics": ["computer-vision", "machine-learning"],
        "authors": ["jun"],
        "paper_authors": ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"],
        "source_url": "https://arxiv.org/abs/1512.03385",
        "arxiv_id": "1512.03385",
        "doi": "10.1109/CVPR.2016.90",
        "code_url": "https://github.com/KaimingHe/deep-residual-networks",
        "status": "published",
        "publish_at": "2026-09-15T09:00:00+00:00",
        "translation_of": "resnet",
        "translation_method": "machine",
        "translator": "DeepL",
    },
    # ------------------------------------------------------------------------- BERT
    {
        "key": "bert",
        "language": "en",
        "title": "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        "slug": "bert",
        "summary": (
            "BERT pre-trains a Transformer encoder on masked words and sentence pairs, then "
            "fine-tunes it with one extra layer to set new records on many language tasks."
        ),
        "body": dedent(
            """
            BERT showed that a single pre-trained Transformer encoder, fine-tuned with just one
            extra output layer, could set new records across a wide range of language
            understanding tasks. Its key move was to pre-train the encoder bidirectionally, so
            that each token's representation draws on context from both the left and the right.

            ## Two pre-training tasks

            - **Masked language modelling**: 15% of input tokens are chosen for prediction; of
              these, 80% are replaced with `[MASK]`, 10% with a random token and 10% are left
              unchanged.
            - **Next sentence prediction**: the model guesses whether sentence B really followed
              sentence A in the corpus.

            The masking rule is easy to express:

            ```python
            import random


            def mask_tokens(tokens, vocab, rate=0.15):
                out = list(tokens)
                for i in range(len(out)):
                    if random.random() < rate:
                        roll = random.random()
                        if roll < 0.8:
                            out[i] = "[MASK]"
                        elif roll < 0.9:
                            out[i] = random.choice(vocab)
                return out
            ```

            ## Sizes and headline numbers

            - BERT-Base: 12 layers, hidden size 768, about 110M parameters.
            - BERT-Large: 24 layers, hidden size 1024, about 340M parameters.
            - Pre-training data: BooksCorpus plus English Wikipedia, roughly 3.3 billion words.
            - A GLUE score of 80.5 and a SQuAD v1.1 test F1 of 93.2 at publication.

            BERT made "pre-train, then fine-tune" the default recipe in NLP for several years.
            """
        ).strip(),
        "topics": ["natural-language-processing", "machine-learning"],
        "authors": ["mara", "jun"],
        "paper_authors": ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"],
        "source_url": "https://arxiv.org/abs/1810.04805",
        "arxiv_id": "1810.04805",
        "doi": "10.18653/v1/N19-1423",
        "code_url": "https://github.com/google-research/bert",
        "status": "published",
        "publish_at": "2026-09-21T09:00:00+00:00",
        "translation_of": None,
        "translation_method": "original",
        "translator": "",
    },
    {
        "key": "bert-zh",
        "language": "zh-hans",
        "title": "BERT：用于语言理解的深度双向 Transformer 预训练",
        "slug": "bert",
        "summary": (
            "BERT 先用掩码词预测和句子对任务预训练 Transformer 编码器，"
            "再只加一层输出进行微调，便在众多语言任务上刷新了纪录。"
        ),
        "body": dedent(
            """
            BERT 表明，只需在一个预训练的 Transformer 编码器上加一个输出层并进行微调，
            就能在众多语言理解任务上刷新纪录。它的关键做法是对编码器进行双向预训练，
            使每个词元的表示同时利用左右两侧的上下文。

            ## 两个预训练任务

            - **掩码语言模型**：随机选取 15% 的输入词元进行预测，其中 80% 替换为 `[MASK]`，
              10% 替换为随机词元，10% 保持不变。
            - **下一句预测**：模型判断句子 B 在语料中是否确实紧跟在句子 A 之后。

            ## 规模与主要结果

            | 模型 | 层数 | 隐藏维度 | 参数量 |
            |---|---|---|---|
            | BERT-Base | 12 | 768 | 约 1.1 亿 |
            | BERT-Large | 24 | 1024 | 约 3.4 亿 |

            - 预训练数据：BooksCorpus 与英文维基百科，共约 33 亿词。
            - 发表时 GLUE 得分为 80.5，SQuAD v1.1 测试集 F1 为 93.2。

            此后数年间，“先预训练、再微调”成为自然语言处理领域的默认做法，
            许多后续模型也都是在 BERT 的基础上改进训练数据、目标函数或模型规模而来。
            """
        ).strip(),
        "topics": ["natural-language-processing", "machine-learning"],
        "authors": ["jun"],
        "paper_authors": ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"],
        "source_url": "https://arxiv.org/abs/1810.04805",
        "arxiv_id": "1810.04805",
        "doi": "10.18653/v1/N19-1423",
        "code_url": "https://github.com/google-research/bert",
        "status": "published",
        "publish_at": "2026-09-22T09:00:00+00:00",
        "translation_of": "bert",
        "translation_method": "machine",
        "translator": "Google Translate",
    },
    # ----------------------------------------------------------------------- CRISPR
    {
        "key": "crispr",
        "language": "en",
        "title": "A Programmable Dual-RNA-Guided DNA Endonuclease in Adaptive Bacterial Immunity",
        "slug": "crispr-cas9-programmable-endonuclease",
        "summary": (
            "Jinek and colleagues showed that the bacterial enzyme Cas9 cuts DNA wherever a short "
            "guide RNA tells it to, and that the guide can be redesigned at will."
        ),
        "body": dedent(
            """
            This short Science paper turned a curiosity of bacterial immunity into a programmable
            tool. Jinek, Chylinski, Fonfara, Hauer, Doudna and Charpentier showed in vitro that
            the Cas9 protein from *Streptococcus pyogenes* cuts double-stranded DNA at a site
            chosen by a pair of RNAs, and that those two RNAs can be fused into one designed
            guide.

            ## How the system works

            - A CRISPR RNA (crRNA) carries a roughly 20-nucleotide sequence that pairs with the
              target DNA.
            - A trans-activating crRNA (tracrRNA) base-pairs with the crRNA and holds it in Cas9.
            - Cas9 only cuts next to a short protospacer adjacent motif (PAM), NGG for this
              enzyme.
            - Two nuclease domains each cut one strand, leaving a blunt double-strand break.

            ## The two nuclease domains

            | Domain | Strand it cleaves |
            |---|---|
            | HNH | complementary to the guide |
            | RuvC-like | non-complementary |

            ## Why it matters

            Replacing the crRNA and tracrRNA with a single chimeric guide RNA meant that
            retargeting Cas9 required nothing more than writing a new 20-letter sequence. Within
            months other groups used the system to edit human and mouse cells, and it has since
            reshaped genetics, agriculture and the search for new therapies. Doudna and
            Charpentier shared the 2020 Nobel Prize in Chemistry for this line of work.
            """
        ).strip(),
        "topics": ["genome-editing"],
        "authors": ["mara"],
        "paper_authors": [
            "Martin Jinek",
            "Krzysztof Chylinski",
            "Ines Fonfara",
            "Michael Hauer",
            "Jennifer A. Doudna",
            "Emmanuelle Charpentier",
        ],
        "source_url": "https://doi.org/10.1126/science.1225829",
        "arxiv_id": "",
        "doi": "10.1126/science.1225829",
        "code_url": "",
        "status": "published",
        "publish_at": "2026-09-28T09:00:00+00:00",
        "translation_of": None,
        "translation_method": "original",
        "translator": "",
    },
    # ------------------------------------------------------------------------- DDPM
    {
        "key": "ddpm",
        "language": "en",
        "title": "Denoising Diffusion Probabilistic Models",
        "slug": "denoising-diffusion-probabilistic-models",
        "summary": (
            "DDPM trains a network to undo a gradual noising process step by step, producing "
            "images whose quality rivals GANs and laying the groundwork for modern image models."
        ),
        "body": dedent(
            """
            Ho, Jain and Abbeel revived an idea from 2015, diffusion probabilistic models, and
            showed that with the right parameterisation it can generate images whose quality
            rivals GANs. The model learns to reverse a fixed process that slowly adds Gaussian
            noise to an image over many steps.

            ## Method in brief

            - The forward process adds a little noise at each of T = 1000 steps, following a
              linear variance schedule from 0.0001 to 0.02.
            - A U-Net is trained to predict the noise that was added, given the noisy image and
              the step number.
            - Sampling starts from pure noise and removes predicted noise one step at a time.

            The simplified training objective is just a mean-squared error on the noise:

            ```python
            import torch


            def ddpm_loss(model, x0, alpha_bar):
                t = torch.randint(0, len(alpha_bar), (x0.shape[0],))
                noise = torch.randn_like(x0)
                a = alpha_bar[t].view(-1, 1, 1, 1)
                xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
                return ((model(xt, t) - noise) ** 2).mean()
            ```

            ## Results

            | Dataset | Metric | Score |
            |---|---|---|
            | CIFAR-10 (unconditional) | FID | 3.17 |
            | CIFAR-10 (unconditional) | Inception score | 9.46 |

            The paper also connected diffusion training to denoising score matching and Langevin
            dynamics, and it laid the groundwork for the text-to-image systems that followed.
            """
        ).strip(),
        "topics": ["generative-models", "machine-learning", "computer-vision"],
        "authors": ["mara"],
        "paper_authors": ["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"],
        "source_url": "https://arxiv.org/abs/2006.11239",
        "arxiv_id": "2006.11239",
        "doi": "",
        "code_url": "https://github.com/hojonathanho/diffusion",
        "status": "published",
        "publish_at": "2026-10-05T09:00:00+00:00",
        "translation_of": None,
        "translation_method": "original",
        "translator": "",
    },
    {
        "key": "ddpm-zh",
        "language": "zh-hans",
        "title": "去噪扩散概率模型",
        "slug": "denoising-diffusion-probabilistic-models",
        "summary": (
            "DDPM 训练神经网络逐步逆转一个不断加噪的过程，生成的图像质量可与 GAN 相媲美，"
            "为后来的图像生成模型奠定了基础。"
        ),
        "body": dedent(
            """
            Ho、Jain 和 Abbeel 重新拾起 2015 年提出的扩散概率模型，并证明只要参数化得当，
            它生成的图像质量可以与 GAN 相媲美。模型学习的是一个固定过程的逆过程：
            这个过程在许多步中逐渐向图像加入高斯噪声。

            ## 方法概要

            - 前向过程共 T = 1000 步，每步加入少量噪声，方差按线性计划从 0.0001 增加到 0.02。
            - 训练一个 U-Net，根据带噪图像和当前步数预测其中加入的噪声。
            - 采样时从纯噪声出发，每一步去除网络预测出的噪声。

            简化后的训练目标就是预测噪声与真实噪声之间的均方误差。

            ## 实验结果

            | 数据集 | 指标 | 数值 |
            |---|---|---|
            | CIFAR-10（无条件） | FID | 3.17 |
            | CIFAR-10（无条件） | Inception 分数 | 9.46 |

            论文还揭示了扩散模型训练与去噪分数匹配、朗之万动力学之间的联系，
            为后来的文本生成图像系统奠定了基础。不足之处在于采样需要上千步，速度较慢，
            后续许多工作都致力于减少采样步数。
            """
        ).strip(),
        "topics": ["generative-models", "machine-learning", "computer-vision"],
        "authors": ["jun"],
        "paper_authors": ["Jonathan Ho", "Ajay Jain", "Pieter Abbeel"],
        "source_url": "https://arxiv.org/abs/2006.11239",
        "arxiv_id": "2006.11239",
        "doi": "",
        "code_url": "https://github.com/hojonathanho/diffusion",
        "status": "published",
        "publish_at": "2026-10-07T09:00:00+00:00",
        "translation_of": "ddpm",
        "translation_method": "human",
        "translator": "Zhang Min",
    },
    # ---------------------------------------------------------------------- Climate
    {
        "key": "manabe-wetherald",
        "language": "en",
        "title": (
            "Thermal Equilibrium of the Atmosphere with a Given Distribution of Relative Humidity"
        ),
        "slug": "manabe-wetherald-1967",
        "summary": (
            "A one-dimensional radiative-convective model from 1967 that gave one of the first "
            "physically sound estimates of the warming caused by doubling carbon dioxide."
        ),
        "body": dedent(
            """
            Half a century before it earned Syukuro Manabe a share of the 2021 Nobel Prize in
            Physics, this paper gave one of the first physically grounded estimates of how much
            the Earth would warm if atmospheric carbon dioxide doubled. Manabe and Wetherald
            built a one-dimensional model of a single column of air and let it settle into
            thermal equilibrium.

            ## What the model contains

            - Radiative transfer for water vapour, carbon dioxide and ozone.
            - Convective adjustment: whenever the computed temperature lapse rate became too
              steep, heat was moved upward to restore a critical lapse rate.
            - A fixed distribution of **relative** humidity, so that a warmer atmosphere
              automatically holds more water vapour.

            ## Findings

            - Fixing relative humidity, rather than absolute humidity, strengthens the response,
              because the extra water vapour amplifies the warming.
            - Doubling CO2 raised the surface temperature by roughly 2 °C in their model.
            - The stratosphere cooled while the lower atmosphere warmed, a fingerprint that was
              later seen in observations.

            ## Why it still matters

            The water-vapour feedback and the pairing of radiation with convection described here
            are still at the heart of modern climate models, and the estimate sits comfortably
            inside today's assessed range for climate sensitivity.
            """
        ).strip(),
        "topics": ["climate-science", "physics"],
        "authors": ["mara"],
        "paper_authors": ["Syukuro Manabe", "Richard T. Wetherald"],
        "source_url": "https://doi.org/10.1175/1520-0469(1967)024%3C0241:TEOTAW%3E2.0.CO;2",
        "arxiv_id": "",
        "doi": "10.1175/1520-0469(1967)024<0241:TEOTAW>2.0.CO;2",
        "code_url": "",
        "status": "published",
        "publish_at": "2026-10-12T09:00:00+00:00",
        "translation_of": None,
        "translation_method": "original",
        "translator": "",
    },
    # --------------------------------------------------------------------- Graphene
    {
        "key": "graphene",
        "language": "en",
        "title": "Electric Field Effect in Atomically Thin Carbon Films",
        "slug": "graphene-electric-field-effect",
        "summary": (
            "Carbon films only a few atoms thick, peeled from graphite with adhesive tape, turned "
            "out to be stable, high-quality conductors whose carriers a gate voltage can tune."
        ),
        "body": dedent(
            """
            Novoselov, Geim and colleagues in Manchester and Chernogolovka reported that films of
            carbon only a few atoms thick can be peeled from graphite and still behave as a
            stable two-dimensional semimetal of remarkably good electronic quality. The technique
            was disarmingly simple: repeated mechanical exfoliation of graphite, then transfer of
            the thinnest flakes onto an oxidised silicon wafer, where they become visible under
            an ordinary optical microscope.

            ## Observations

            - The films show a strong ambipolar electric field effect: a gate voltage switches
              the charge carriers between electrons and holes.
            - Carrier concentrations of up to about 10^13 per square centimetre were reached.
            - Room-temperature mobilities approached 10,000 cm^2/Vs.

            ## Why it mattered

            | Before 2004 | After this paper |
            |---|---|
            | 2D crystals widely thought unstable | Atomically thin films made and measured |
            | Graphene studied mainly in theory | Devices built in ordinary university labs |

            The work opened the field of two-dimensional materials, from graphene itself to
            boron nitride and transition-metal dichalcogenides. Geim and Novoselov received the
            2010 Nobel Prize in Physics for their experiments on graphene.
            """
        ).strip(),
        "topics": ["physics"],
        "authors": ["mara", "jun"],
        "paper_authors": [
            "K. S. Novoselov",
            "A. K. Geim",
            "S. V. Morozov",
            "D. Jiang",
            "Y. Zhang",
            "S. V. Dubonos",
            "I. V. Grigorieva",
            "A. A. Firsov",
        ],
        "source_url": "https://arxiv.org/abs/cond-mat/0410550",
        "arxiv_id": "",
        "doi": "10.1126/science.1102896",
        "code_url": "",
        "status": "published",
        "publish_at": "2026-10-19T09:00:00+00:00",
        "translation_of": None,
        "translation_method": "original",
        "translator": "",
    },
    # -------------------------------------------------- AlphaFold (Chinese original)
    {
        "key": "alphafold",
        "language": "zh-hans",
        "title": "利用 AlphaFold 实现高精度蛋白质结构预测",
        "slug": "alphafold-2",
        "summary": (
            "AlphaFold 2 在 CASP14 盲测中对大多数蛋白质给出了接近实验精度的结构预测，"
            "改变了结构生物学的研究方式。"
        ),
        "body": dedent(
            """
            蛋白质的功能在很大程度上取决于其三维结构，而用实验测定结构往往需要数月乃至数年。
            DeepMind 团队在《自然》上发表的这篇论文介绍了 AlphaFold 2：在 CASP14 盲测中，
            它对大多数蛋白质的预测精度已接近实验水平。

            ## 模型结构

            - **Evoformer**：同时处理多序列比对（MSA）和残基对表示，两者反复交换信息。
            - **结构模块**：借助不变点注意力，直接输出每个残基的三维坐标。
            - **循环迭代**：把上一轮的输出再次送入网络，逐步修正结构。
            - **置信度估计**：为每个残基给出 pLDDT 分数，提示哪些区域更可信。

            ## CASP14 主要结果

            | 指标 | AlphaFold 2 | 次优方法 |
            |---|---|---|
            | 主链误差中位数（Å） | 0.96 | 2.8 |

            ## 编辑点评

            代码开源后，DeepMind 与 EMBL-EBI 合作建立了收录两亿多个预测结构的公开数据库，
            许多实验室从此可以先查预测结构，再决定实验方向。
            Demis Hassabis 与 John Jumper 也因此与 David Baker 共同获得了 2024 年诺贝尔化学奖。
            """
        ).strip(),
        "topics": ["computational-biology", "machine-learning"],
        "authors": ["jun"],
        "paper_authors": [
            "John Jumper",
            "Richard Evans",
            "Alexander Pritzel",
            "Tim Green",
            "Michael Figurnov",
            "Olaf Ronneberger",
            "Kathryn Tunyasuvunakool",
            "Russ Bates",
        ],
        "source_url": "https://doi.org/10.1038/s41586-021-03819-2",
        "arxiv_id": "",
        "doi": "10.1038/s41586-021-03819-2",
        "code_url": "https://github.com/google-deepmind/alphafold",
        "status": "published",
        "publish_at": "2026-10-26T10:00:00+08:00",
        "translation_of": None,
        "translation_method": "original",
        "translator": "",
    },
    {
        "key": "alphafold-en",
        "language": "en",
        "title": "Highly Accurate Protein Structure Prediction with AlphaFold",
        "slug": "alphafold-2",
        "summary": (
            "In the blind CASP14 assessment AlphaFold 2 predicted most protein structures with "
            "near-experimental accuracy, changing how structural biology is done."
        ),
        "body": dedent(
            """
            What a protein does depends largely on its three-dimensional shape, and determining
            that shape experimentally can take months or even years. In this Nature paper the
            DeepMind team describes AlphaFold 2, which in the blind CASP14 assessment predicted
            most protein structures with accuracy close to that of experiments.

            ## Architecture

            - **Evoformer**: processes a multiple sequence alignment (MSA) and a residue-pair
              representation together, with the two repeatedly exchanging information.
            - **Structure module**: uses invariant point attention to output 3D coordinates for
              every residue directly.
            - **Recycling**: the output of one pass is fed back into the network to refine the
              structure step by step.
            - **Confidence**: a per-residue pLDDT score shows which regions are more reliable.

            ## Main CASP14 result

            | Metric | AlphaFold 2 | Next best method |
            |---|---|---|
            | Median backbone error (Å) | 0.96 | 2.8 |

            ## Editor's note

            After the code was released, DeepMind and EMBL-EBI built a public database of more
            than 200 million predicted structures, so many labs now look up a prediction before
            planning their experiments. Demis Hassabis and John Jumper went on to share the 2024
            Nobel Prize in Chemistry with David Baker.
            """
        ).strip(),
        "topics": ["computational-biology", "machine-learning"],
        "authors": ["mara"],
        "paper_authors": [
            "John Jumper",
            "Richard Evans",
            "Alexander Pritzel",
            "Tim Green",
            "Michael Figurnov",
            "Olaf Ronneberger",
            "Kathryn Tunyasuvunakool",
            "Russ Bates",
        ],
        "source_url": "https://doi.org/10.1038/s41586-021-03819-2",
        "arxiv_id": "",
        "doi": "10.1038/s41586-021-03819-2",
        "code_url": "https://github.com/google-deepmind/alphafold",
        "status": "published",
        "publish_at": "2026-10-28T09:00:00+00:00",
        "translation_of": "alphafold",
        "translation_method": "human",
        "translator": "Chen Jing",
    },
    # ------------------------------------- Adam (standalone machine-translated entry)
    {
        "key": "adam-zh",
        "language": "zh-hans",
        "title": "Adam：一种随机优化方法",
        "slug": "adam-optimizer",
        "summary": (
            "Adam 为每个参数维护梯度一阶矩和二阶矩的滑动估计，并据此自适应地调整步长，"
            "是训练神经网络最常用的优化器之一。"
        ),
        "body": dedent(
            """
            Adam 是一种用于随机目标函数的一阶梯度优化方法，常用于训练神经网络。
            它为每个参数分别维护梯度一阶矩（均值）和二阶矩（未中心化方差）的滑动估计，
            并据此调整各自的更新步长。作者指出，该方法易于实现，内存开销小，
            对梯度的整体缩放不敏感，也适用于梯度稀疏或噪声较大的问题。

            ## 算法要点

            - 一阶矩估计使用衰减率 β1，二阶矩估计使用衰减率 β2。
            - 由于两个估计都从零开始初始化，训练初期会偏向零，因此需要进行偏差修正。
            - 论文还给出了基于无穷范数的变体 AdaMax，并分析了在线凸优化设定下的遗憾界。

            ## 默认超参数

            | 超参数 | 默认值 |
            |---|---|
            | 学习率 α | 0.001 |
            | β1 | 0.9 |
            | β2 | 0.999 |
            | ε | 1e-8 |

            ## 说明

            本条目根据论文英文摘要由谷歌翻译自动生成，未经人工校对，部分术语可能不够准确，
            请以原文为准。
            """
        ).strip(),
        "topics": ["machine-learning"],
        "authors": ["jun"],
        "paper_authors": ["Diederik P. Kingma", "Jimmy Ba"],
        "source_url": "https://arxiv.org/abs/1412.6980",
        "arxiv_id": "1412.6980",
        "doi": "",
        "code_url": "",
        "status": "published",
        "publish_at": "2026-11-02T09:00:00+00:00",
        "translation_of": None,
        "translation_method": "machine",
        "translator": "Google Translate",
    },
    # ----------------------------------------------- LSTM (standalone Chinese original)
    {
        "key": "lstm-zh",
        "language": "zh-hans",
        "title": "长短期记忆网络",
        "slug": "long-short-term-memory",
        "summary": (
            "LSTM 用带门控的记忆单元让误差信号可以长时间稳定传递，"
            "解决了早期循环神经网络难以学习长距离依赖的问题。"
        ),
        "body": dedent(
            """
            1997 年，Sepp Hochreiter 与 Jürgen Schmidhuber 在《神经计算》上发表了
            长短期记忆网络（LSTM）。当时的循环神经网络在反向传播时，
            误差信号会随时间步迅速衰减或爆炸，因此很难学到相隔较远的依赖关系。

            ## 核心设计

            - **恒定误差传送带**：记忆单元内部是一条自连接权重固定为 1 的线性通路，
              误差可以在其中长时间流动而不衰减。
            - **输入门**：决定新信息何时写入记忆单元。
            - **输出门**：决定记忆内容何时影响网络的其余部分。

            值得注意的是，今天常见的“遗忘门”并不在原始论文中，
            而是由 Gers 等人在 2000 年前后补充的。

            ## 实验与影响

            论文在多个人工构造的任务上表明，LSTM 能够跨越超过 1000 个时间步的间隔传递信息，
            而当时的其他循环网络基本做不到。此后二十年间，LSTM 被广泛用于语音识别、
            机器翻译和手写识别，直到基于注意力的 Transformer 出现后才逐渐让位。
            想要理解序列建模的发展脉络，这篇论文依然值得一读。
            """
        ).strip(),
        "topics": ["machine-learning", "natural-language-processing"],
        "authors": ["jun"],
        "paper_authors": ["Sepp Hochreiter", "Jürgen Schmidhuber"],
        "source_url": "https://doi.org/10.1162/neco.1997.9.8.1735",
        "arxiv_id": "",
        "doi": "10.1162/neco.1997.9.8.1735",
        "code_url": "",
        "status": "published",
        "publish_at": "2026-11-09T10:00:00+08:00",
        "translation_of": None,
        "translation_method": "original",
        "translator": "",
    },
    # ------------------------------------------------------------- word2vec (draft)
    {
        "key": "word2vec",
        "language": "en",
        "title": "Efficient Estimation of Word Representations in Vector Space",
        "slug": "word2vec",
        "summary": (
            "Two very simple architectures, CBOW and skip-gram, learn useful word vectors from "
            "billions of words in less than a day."
        ),
        "body": dedent(
            """
            Mikolov, Chen, Corrado and Dean asked how cheaply useful word vectors could be
            learned from very large corpora. Their answer was to strip neural language models
            down to almost nothing: no non-linear hidden layer, just a projection and a
            log-linear classifier.

            ## Two architectures

            - **Continuous bag-of-words (CBOW)** predicts a word from the average of the words
              around it.
            - **Continuous skip-gram** does the reverse and predicts the surrounding words from
              the current one.

            ## What the vectors capture

            The paper introduced a word-analogy test set with semantic and syntactic questions.
            Simple vector arithmetic solves many of them: the vector for *king* minus *man* plus
            *woman* lands closest to *queen*.

            ```python
            import numpy as np


            def analogy(vectors, a, b, c):
                target = vectors[b] - vectors[a] + vectors[c]
                target /= np.linalg.norm(target)
                scores = {w: v @ target / np.linalg.norm(v) for w, v in vectors.items()}
                for w in (a, b, c):
                    scores.pop(w)
                return max(scores, key=scores.get)
            ```

            ## Editor's notes (draft)

            - Training on about 1.6 billion words took less than a day.
            - Negative sampling and phrase vectors came in a follow-up paper later the same
              year; we may cover it separately.
            - Still to do: add a comparison with GloVe and fastText before sending for review.
            """
        ).strip(),
        "topics": ["natural-language-processing", "machine-learning"],
        "authors": ["mara"],
        "paper_authors": ["Tomas Mikolov", "Kai Chen", "Greg Corrado", "Jeffrey Dean"],
        "source_url": "https://arxiv.org/abs/1301.3781",
        "arxiv_id": "1301.3781",
        "doi": "",
        "code_url": "https://code.google.com/archive/p/word2vec/",
        "status": "draft",
        "publish_at": "2026-11-16T09:00:00+00:00",
        "translation_of": None,
        "translation_method": "original",
        "translator": "",
    },
    # --------------------------------------------------------------- GPT-3 (review)
    {
        "key": "gpt3",
        "language": "en",
        "title": "Language Models are Few-Shot Learners",
        "slug": "gpt-3-few-shot-learners",
        "summary": (
            "GPT-3, a 175-billion-parameter language model, learns many new tasks from a few "
            "examples written into its prompt, without any fine-tuning."
        ),
        "body": dedent(
            """
            GPT-3 is a 175-billion-parameter autoregressive language model, about ten times
            larger than any non-sparse language model before it. The paper's central claim is
            that scale alone unlocks in-context learning: the model can pick up a new task from
            a handful of examples written into its prompt, with no gradient updates at all.

            ## Three evaluation settings

            | Setting | Examples in the prompt | Weights updated? |
            |---|---|---|
            | Zero-shot | none, only an instruction | no |
            | One-shot | one | no |
            | Few-shot | typically 10 to 100 | no |

            ## Findings

            - Few-shot performance improves steadily with size across eight models, from 125
              million to 175 billion parameters.
            - The largest model is competitive with fine-tuned systems on some benchmarks, such
              as closed-book question answering, while still trailing on others, such as some
              reading comprehension and natural language inference tasks.
            - Human judges found it hard to tell short news articles written by the model from
              ones written by people.

            ## Limitations the authors flag

            - Possible contamination of benchmarks by the web-scale training data.
            - Biases related to gender, race and religion inherited from that data.
            - The large compute and energy cost of training.
            """
        ).strip(),
        "topics": ["natural-language-processing", "machine-learning"],
        "authors": ["mara", "jun"],
        "paper_authors": [
            "Tom B. Brown",
            "Benjamin Mann",
            "Nick Ryder",
            "Melanie Subbiah",
            "Jared Kaplan",
            "Prafulla Dhariwal",
            "Arvind Neelakantan",
            "Pranav Shyam",
        ],
        "source_url": "https://arxiv.org/abs/2005.14165",
        "arxiv_id": "2005.14165",
        "doi": "",
        "code_url": "",
        "status": "review",
        "publish_at": "2026-11-23T09:00:00+00:00",
        "translation_of": None,
        "translation_method": "original",
        "translator": "",
    },
    # ------------------------------------------------- Deep learning review (scheduled)
    {
        "key": "deep-learning-review",
        "language": "en",
        "title": "Deep Learning",
        "slug": "deep-learning-review",
        "summary": (
            "A 2015 Nature review by three pioneers of neural networks explaining why learning "
            "many layers of representation transformed speech, vision and language processing."
        ),
        "body": dedent(
            """
            In 2015 three pioneers of neural networks wrote an overview of deep learning for a
            general scientific audience in Nature. Rather than reporting a single experiment, the
            review explains why learning many layers of representation had suddenly started to
            beat hand-engineered features in speech, vision and language.

            ## Topics covered

            - Supervised learning with stochastic gradient descent and backpropagation.
            - Convolutional networks and their success in image understanding.
            - Distributed representations of words and the rise of neural language models.
            - Recurrent networks, including LSTM, for sequences such as text and speech.

            ## The authors' outlook

            | Direction they expected to grow | What happened next |
            |---|---|
            | Unsupervised learning | Self-supervised pre-training became standard |
            | Attention in vision and language | Attention became the core of the Transformer |
            | Representation learning combined with reasoning | Still an open research question |

            ## Why we are featuring it

            The review remains one of the clearest short introductions to the field and a useful
            companion to the individual papers in this digest, such as our notes on
            [residual networks](/en/entries/deep-residual-learning/) and the
            [Transformer](/en/entries/attention-is-all-you-need/).
            """
        ).strip(),
        "topics": ["machine-learning"],
        "authors": ["mara"],
        "paper_authors": ["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"],
        "source_url": "https://doi.org/10.1038/nature14539",
        "arxiv_id": "",
        "doi": "10.1038/nature14539",
        "code_url": "",
        "status": "published",
        "publish_at": "2027-06-01T09:00:00+00:00",
        "translation_of": None,
        "translation_method": "original",
        "translator": "",
    },
]

PAGES = [
    {
        "language": "en",
        "slug": "about",
        "title": "About",
        "body": dedent(
            """
            Digest is a small editorial project that reads influential research papers and
            writes short, plain-language notes about them in English and Simplified Chinese.

            ## What we publish

            - Brief write-ups of papers in machine learning, the life sciences, physics and
              climate science.
            - Translations between English and Chinese, each clearly labelled: human
              translations name the translator, and machine translations name the engine used.

            ## Editorial team

            - **Mara Lindqvist**, editor for English entries.
            - **Jun Zhao**, editor for Chinese entries.

            Every entry links to the original paper. Our notes are summaries, not substitutes:
            please read and cite the papers themselves.
            """
        ).strip(),
        "nav_order": 1,
    },
    {
        "language": "zh-hans",
        "slug": "about",
        "title": "关于",
        "body": dedent(
            """
            Digest 是一个小型编辑项目：我们阅读有影响力的科研论文，
            并用通俗易懂的中英文为每篇论文撰写简短的导读。

            ## 我们发布什么

            - 机器学习、生命科学、物理学和气候科学等领域论文的简要介绍。
            - 中英文之间的译文，并明确标注来源：人工翻译注明译者，机器翻译注明所用引擎。

            ## 编辑团队

            - **Mara Lindqvist**：英文条目编辑。
            - **赵俊（Jun Zhao）**：中文条目编辑。

            每个条目都附有原论文链接。我们的导读只是概要，不能替代原文，
            引用时请以论文本身为准。
            """
        ).strip(),
        "nav_order": 1,
    },
    {
        "language": "en",
        "slug": "contact",
        "title": "Contact",
        "body": dedent(
            """
            We are happy to hear from readers, researchers and translators.

            - Suggest a paper or report a mistake: editors@example.org
            - Offer to review a translation: translations@example.org

            We usually reply within a week.
            """
        ).strip(),
        "nav_order": 2,
    },
    {
        "language": "zh-hans",
        "slug": "contact",
        "title": "联系我们",
        "body": dedent(
            """
            欢迎读者、研究人员和译者与我们联系。

            - 推荐论文或指出错误：editors@example.org
            - 愿意协助审校译文：translations@example.org

            我们通常会在一周内回复。
            """
        ).strip(),
        "nav_order": 2,
    },
]
